//! SLEPc paired with the PETSc that `petsc-sys` found: among the SLEPc installations in
//! sight, the one built on that PETSc.
//!
//! SLEPc records the PETSc it was configured with in `slepcconf.h` (`SLEPC_PETSC_DIR`,
//! `SLEPC_PETSC_ARCH`). A SLEPc is *built on* a PETSc when that directory is the PETSc's
//! own (symbolic links resolved). Debian installs several builds side by side (real,
//! complex, 64-bit indices), and its alternatives (`/usr/lib/slepc`, `SLEPc.pc`) may
//! point at any of them, so the first SLEPc found is not necessarily the right one.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::headers::{defines, parse_conf_header, Config, Scalar, Version};
use crate::probe::{
    debian_path, pkg_config_prefix, Attempt, Install, Library, ProbeError, DEBIAN_ROOT_VAR,
};

/// The PETSc a SLEPc has to be built on: what `petsc-sys` found.
#[derive(Debug, Clone)]
pub struct PetscBuild {
    /// PETSc's version.
    pub version: Version,
    /// `PETSC_DIR` (the installation prefix, or the source tree of an in-place build).
    pub dir: PathBuf,
    /// `PETSC_ARCH` of an in-place build.
    pub arch: Option<String>,
    /// Real or complex scalars.
    pub scalar: Scalar,
    /// Width of `PetscInt` in bits.
    pub index_bits: u32,
}

impl PetscBuild {
    /// What `petsc-sys` printed as `links` metadata, read by a dependent's build script
    /// from `DEP_PETSC_VERSION`, `_DIR`, `_ARCH` (when set), `_SCALAR` and `_INDEX_BITS`.
    pub fn from_metadata_env() -> Result<PetscBuild, String> {
        let dep = |key: &str| {
            let name = format!("DEP_PETSC_{key}");
            println!("cargo:rerun-if-env-changed={name}");
            std::env::var(&name)
                .map_err(|_| format!("{name} is not set (petsc-sys printed no {key})"))
        };
        let scalar = match dep("SCALAR")?.as_str() {
            "real" => Scalar::Real,
            "complex" => Scalar::Complex,
            other => return Err(format!("DEP_PETSC_SCALAR is {other:?}")),
        };
        Ok(PetscBuild {
            version: dep("VERSION")?.parse()?,
            dir: PathBuf::from(dep("DIR")?),
            arch: dep("ARCH").ok().filter(|a| !a.is_empty()),
            scalar,
            index_bits: dep("INDEX_BITS")?
                .parse()
                .map_err(|_| "DEP_PETSC_INDEX_BITS is not a number".to_string())?,
        })
    }

    /// The PETSc of an [`Install`] found by [`Library::probe`].
    pub fn of(install: &Install) -> Option<PetscBuild> {
        let c = install.config.as_ref()?;
        Some(PetscBuild {
            version: install.version,
            dir: install.dir.clone(),
            arch: install.arch.clone(),
            scalar: c.scalar,
            index_bits: c.index_bits,
        })
    }

    /// `$PETSC_DIR/$PETSC_ARCH`, or `$PETSC_DIR` for a prefix installation.
    pub fn build_dir(&self) -> PathBuf {
        match &self.arch {
            Some(a) => self.dir.join(a),
            None => self.dir.clone(),
        }
    }
}

impl fmt::Display for PetscBuild {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PETSc {} at {} ({})",
            self.version,
            self.build_dir().display(),
            kind(self.scalar, self.index_bits)
        )
    }
}

fn kind(scalar: Scalar, bits: u32) -> String {
    let s = match scalar {
        Scalar::Real => "real",
        Scalar::Complex => "complex",
    };
    format!("{s} scalars, {bits}-bit indices")
}

fn same_dir(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// How a SLEPc installation relates to the PETSc it has to be built on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pairing {
    /// Its `slepcconf.h` names this PETSc.
    BuiltOn,
    /// The PETSc it names is no longer there (a relocated installation); nothing read
    /// contradicts the pairing. The text says what could not be checked.
    Unverified(String),
    /// Built on another PETSc, or of another version line; the text says why.
    Other(String),
}

/// Judges one SLEPc installation against `petsc`.
pub fn pairing(slepc: &Install, petsc: &PetscBuild) -> Pairing {
    let (sv, pv) = (slepc.version, petsc.version);
    if (sv.major, sv.minor) != (pv.major, pv.minor) {
        return Pairing::Other(format!("is of another version line than PETSc {pv}"));
    }
    match recorded_petsc(slepc, petsc) {
        Pairing::Unverified(why) => match library_scalar_contradiction(slepc, petsc) {
            Some(other) => Pairing::Other(other),
            None => Pairing::Unverified(why),
        },
        verdict => verdict,
    }
}

/// Debian names the libraries after the build (libslepc_real, libslepc_complex): the
/// scalar type they contradict, for a SLEPc whose PETSc cannot be read.
fn library_scalar_contradiction(slepc: &Install, petsc: &PetscBuild) -> Option<String> {
    let other = match petsc.scalar {
        Scalar::Real => "complex",
        Scalar::Complex => "real",
    };
    slepc
        .libs
        .iter()
        .find(|lib| lib.ends_with(&format!("_{other}")))
        .map(|lib| format!("has the library lib{lib}, for {other} scalars"))
}

/// The verdict of `slepcconf.h`'s `SLEPC_PETSC_DIR`/`SLEPC_PETSC_ARCH`.
fn recorded_petsc(slepc: &Install, petsc: &PetscBuild) -> Pairing {
    let conf = slepc
        .include_dirs
        .iter()
        .map(|d| d.join("slepcconf.h"))
        .find(|p| p.is_file());
    let Some(conf) = conf else {
        return Pairing::Unverified("has no slepcconf.h naming its PETSc".into());
    };
    let defs = std::fs::read_to_string(&conf)
        .map(|t| defines(&t))
        .unwrap_or_default();
    let unquote = |k: &str| {
        defs.get(k)
            .map(|v| v.trim().trim_matches('"').to_string())
            .filter(|v| !v.is_empty())
    };
    let Some(dir) = unquote("SLEPC_PETSC_DIR") else {
        return Pairing::Unverified(format!(
            "has a {} naming no SLEPC_PETSC_DIR",
            conf.display()
        ));
    };
    // A relocatable SLEPc (PyPI's) records the placeholder `${PETSC_DIR}`: the PETSc
    // that PETSC_DIR names when it is used.
    let dir = match std::env::var("PETSC_DIR") {
        Ok(p) if !p.is_empty() => dir.replace("${PETSC_DIR}", &p).replace("$PETSC_DIR", &p),
        _ => dir,
    };
    let dir = PathBuf::from(dir);
    let built = match unquote("SLEPC_PETSC_ARCH") {
        Some(a) => dir.join(a),
        None => dir.clone(),
    };
    if same_dir(&built, &petsc.build_dir()) {
        return Pairing::BuiltOn;
    }
    let their_conf = [
        built.join("include/petscconf.h"),
        dir.join("include/petscconf.h"),
    ]
    .into_iter()
    .find(|p| p.is_file());
    match their_conf {
        Some(path) => {
            let what = std::fs::read_to_string(&path)
                .ok()
                .and_then(|t| parse_conf_header(&t).ok())
                .map(|c: Config| format!(" ({})", kind(c.scalar, c.index_bits)))
                .unwrap_or_default();
            Pairing::Other(format!(
                "was built on the PETSc at {}{what}",
                built.display()
            ))
        }
        None if built.exists() || dir.exists() => Pairing::Other(format!(
            "was built on the PETSc at {}, which is not {}",
            built.display(),
            petsc.build_dir().display()
        )),
        None => Pairing::Unverified(format!(
            "was built on the PETSc at {}, which is no longer there",
            built.display()
        )),
    }
}

impl Library {
    /// Finds the SLEPc built on `petsc`, with the process environment (printing
    /// `rerun-if-env-changed` for every variable read, and `rerun-if-changed` for the
    /// headers of the SLEPc taken).
    ///
    /// With `SLEPC_DIR` set, that installation is taken and checked. Otherwise every
    /// SLEPc in sight is a candidate, in this order: the one beside PETSc (in
    /// `$PETSC_DIR/$PETSC_ARCH` itself, as `--download-slepc` installs it, or a `slepc*`
    /// directory next to `$PETSC_DIR`), `pkg-config SLEPc` / `slepc`, Debian's default
    /// `/usr/lib/slepc`, and each of Debian's `/usr/lib/slepcdir/*` and
    /// `/usr/lib/slepcdir/*/*`. The first built on `petsc` is taken; failing that, the
    /// first whose PETSc is no longer there to check (with a warning). The error lists
    /// every candidate and why it was passed over.
    ///
    /// ```no_run
    /// // build.rs of slepc-sys (links = "slepc"), after petsc-sys
    /// use petsc_sys_build::{Library, PetscBuild};
    /// let petsc = PetscBuild::from_metadata_env().unwrap_or_else(|e| panic!("{e}"));
    /// let slepc = Library::SLEPC.probe_built_on(&petsc).unwrap_or_else(|e| panic!("{e}"));
    /// slepc.emit_link();
    /// ```
    pub fn probe_built_on(&self, petsc: &PetscBuild) -> Result<Install, ProbeError> {
        for var in [
            self.dir_var,
            "PETSC_ARCH",
            "PKG_CONFIG_PATH",
            "PKG_CONFIG_LIBDIR",
            DEBIAN_ROOT_VAR,
        ] {
            println!("cargo:rerun-if-env-changed={var}");
        }
        let env: BTreeMap<String, String> = std::env::vars().collect();
        let (install, warning) = self.probe_built_on_with(petsc, &env, true)?;
        if let Some(w) = warning {
            println!("cargo:warning={w}");
        }
        for h in &install.headers {
            println!("cargo:rerun-if-changed={}", h.display());
        }
        Ok(install)
    }

    /// [`Library::probe_built_on`] with the given environment; `run_tools` allows running
    /// `pkg-config` and `mpicc`. Returns the installation and, when its PETSc could not
    /// be checked, a warning saying so.
    pub fn probe_built_on_with(
        &self,
        petsc: &PetscBuild,
        env: &BTreeMap<String, String>,
        run_tools: bool,
    ) -> Result<(Install, Option<String>), ProbeError> {
        let wanted = petsc.to_string();
        let fail = |attempts: Vec<Attempt>| ProbeError {
            library: self.name,
            dir_var: self.dir_var,
            attempts,
            built_on: Some(wanted.clone()),
        };
        if let Some(dir) = env.get(self.dir_var).filter(|d| !d.is_empty()) {
            let place = format!("{}={dir}", self.dir_var);
            let install = match self.probe_with(env, run_tools) {
                Ok(i) => i,
                Err(e) => return Err(fail(e.attempts)),
            };
            return match pairing(&install, petsc) {
                Pairing::BuiltOn => Ok((install, None)),
                Pairing::Unverified(why) => {
                    let w = format!("{place}: SLEPc {} {why}; assuming it was built on {wanted}", install.version);
                    Ok((install, Some(w)))
                }
                Pairing::Other(why) => Err(fail(vec![Attempt {
                    place,
                    reason: format!(
                        "SLEPc {} at {} {why}, but petsc-sys uses {wanted}. \
                         Point {} at the SLEPc built on that PETSc, or unset it to let the build find one",
                        install.version,
                        install.dir.display(),
                        self.dir_var
                    ),
                }])),
            };
        }

        let mut attempts = vec![Attempt {
            place: self.dir_var.to_string(),
            reason: "not set".into(),
        }];
        let mut seen: Vec<PathBuf> = Vec::new();
        let mut fallback: Option<(Install, String)> = None;
        for (place, found) in self.candidates(petsc, env, run_tools) {
            let install = match found {
                Ok(i) => i,
                Err(reason) => {
                    attempts.push(Attempt { place, reason });
                    continue;
                }
            };
            let key = install
                .dir
                .canonicalize()
                .unwrap_or_else(|_| install.dir.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let mut install = install;
            install.found_by = place.clone();
            match pairing(&install, petsc) {
                Pairing::BuiltOn => return Ok((install, None)),
                Pairing::Unverified(why) => {
                    if fallback.is_none() {
                        let w = format!(
                            "{place}: SLEPc {} {why}; assuming it was built on {wanted}",
                            install.version
                        );
                        fallback = Some((install, w));
                    }
                }
                Pairing::Other(why) => attempts.push(Attempt {
                    place,
                    reason: format!("SLEPc {} {why}", install.version),
                }),
            }
        }
        match fallback {
            Some((install, w)) => Ok((install, Some(w))),
            None => Err(fail(attempts)),
        }
    }

    /// Every SLEPc in sight, in the order of [`Library::probe_built_on`], each with the
    /// place that found it (or why that place has none).
    fn candidates(
        &self,
        petsc: &PetscBuild,
        env: &BTreeMap<String, String>,
        run_tools: bool,
    ) -> Vec<(String, Result<Install, String>)> {
        let mut out = Vec::new();
        let inspect = |dir: &Path| self.inspect(dir, None, run_tools, env);

        // Beside PETSc: its own prefix (--download-slepc), then slepc* next to PETSC_DIR.
        let build = petsc.build_dir();
        if build.join("include").join(self.version_header).is_file() {
            out.push((
                format!("beside PETSc, in {}", build.display()),
                inspect(&build),
            ));
        }
        if let Some(parent) = petsc.dir.parent() {
            for d in sorted_dirs(parent, |n| n.to_ascii_lowercase().starts_with("slepc")) {
                if !d.join("include").join(self.version_header).is_file() {
                    continue;
                }
                let arch = petsc.arch.as_deref().filter(|a| d.join(a).is_dir());
                let place = match arch {
                    Some(a) => format!("beside PETSc, in {} with PETSC_ARCH={a}", d.display()),
                    None => format!("beside PETSc, in {}", d.display()),
                };
                out.push((place, self.inspect(&d, arch, run_tools, env)));
            }
        }

        for name in self.pkg_config_names {
            let place = format!("pkg-config {name}");
            if !run_tools {
                out.push((place, Err("not run".into())));
                continue;
            }
            match pkg_config_prefix(name, env) {
                Ok(prefix) => out.push((
                    format!("{place} (prefix {})", prefix.display()),
                    inspect(&prefix),
                )),
                Err(reason) => out.push((place, Err(reason))),
            }
        }

        let default = debian_path(self.debian_default, env);
        out.push((
            format!("Debian default {}", default.display()),
            inspect(&default),
        ));

        let root = debian_path(self.debian_dirs, env);
        let mut debian = Vec::new();
        for d in sorted_dirs(&root, |_| true) {
            if d.join("include").is_dir() {
                debian.push(d.clone());
            }
            debian.extend(
                sorted_dirs(&d, |_| true)
                    .into_iter()
                    .filter(|s| s.join("include").is_dir()),
            );
        }
        if debian.is_empty() {
            out.push((
                format!("Debian's {}/*", root.display()),
                Err(format!("no installation under {}", root.display())),
            ));
        }
        for d in debian {
            out.push((format!("Debian's {}", d.display()), inspect(&d)));
        }
        out
    }
}

/// The subdirectories of `dir` whose names pass `keep`, sorted by name.
fn sorted_dirs(dir: &Path, keep: impl Fn(&str) -> bool) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_str().is_some_and(&keep))
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixture::{env, Fixture};

    const PETSC_VERSION: &str = "#define PETSC_VERSION_MAJOR 3\n#define PETSC_VERSION_MINOR 21\n#define PETSC_VERSION_SUBMINOR 2\n";
    const REAL: &str = "#define PETSC_USE_REAL_DOUBLE 1\n";
    const COMPLEX: &str = "#define PETSC_USE_REAL_DOUBLE 1\n#define PETSC_USE_COMPLEX 1\n";
    const INT64: &str = "#define PETSC_USE_REAL_DOUBLE 1\n#define PETSC_USE_64BIT_INDICES 1\n";

    fn slepc_version(minor: u32) -> String {
        format!("#define SLEPC_VERSION_MAJOR 3\n#define SLEPC_VERSION_MINOR {minor}\n#define SLEPC_VERSION_SUBMINOR 1\n")
    }

    /// A Debian-like machine: three PETSc builds and the SLEPc of each side by side,
    /// with the default SLEPc (`/usr/lib/slepc`) pointing at the complex one.
    fn debian() -> Fixture {
        let f = Fixture::new(&format!("pair-{}", rand_tag()));
        for (build, conf) in [("real", REAL), ("complex", COMPLEX), ("64-real", INT64)] {
            let p = format!("petscdir/petsc3.21/{build}");
            f.file(&format!("{p}/include/petscversion.h"), PETSC_VERSION);
            f.file(&format!("{p}/include/petscconf.h"), conf);
            f.file(&format!("{p}/lib/libpetsc_{build}.so"), "");
        }
        for build in ["real", "complex"] {
            let s = format!("slepcdir/slepc3.21/{build}");
            f.file(&format!("{s}/include/slepcversion.h"), &slepc_version(21));
            f.file(
                &format!("{s}/include/slepcconf.h"),
                &format!(
                    "#define SLEPC_PETSC_DIR \"{}\"\n#define SLEPC_PETSC_ARCH \"\"\n",
                    f.str(&format!("petscdir/petsc3.21/{build}"))
                ),
            );
            f.file(&format!("{s}/lib/libslepc_{build}.so"), "");
        }
        // Debian's alternatives: a link at the top of slepcdir, and the default.
        f.link("slepcdir/slepc-complex", "slepcdir/slepc3.21/complex");
        f.link("slepc", "slepcdir/slepc3.21/complex");
        f
    }

    /// A tag unique within this process, so that tests running at once do not share trees.
    fn rand_tag() -> usize {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        N.fetch_add(1, Ordering::Relaxed)
    }

    fn slepc_lib(f: &Fixture) -> Library {
        Library {
            debian_default: Box::leak(f.str("slepc").into_boxed_str()),
            debian_dirs: Box::leak(f.str("slepcdir").into_boxed_str()),
            ..Library::SLEPC
        }
    }

    fn petsc(f: &Fixture, rel: &str, arch: Option<&str>, conf: &str) -> PetscBuild {
        let c = parse_conf_header(conf).unwrap();
        PetscBuild {
            version: "3.21.2".parse().unwrap(),
            dir: f.path(rel),
            arch: arch.map(str::to_string),
            scalar: c.scalar,
            index_bits: c.index_bits,
        }
    }

    #[test]
    fn default_slepc_of_another_petsc_is_passed_over() {
        let f = debian();
        let real = petsc(&f, "petscdir/petsc3.21/real", None, REAL);
        let (i, warning) = slepc_lib(&f)
            .probe_built_on_with(&real, &env(&[]), false)
            .unwrap();
        assert_eq!(
            i.dir.canonicalize().unwrap(),
            f.path("slepcdir/slepc3.21/real").canonicalize().unwrap()
        );
        assert_eq!(warning, None);
        assert!(i.found_by.starts_with("Debian's "), "{}", i.found_by);
        assert_eq!(i.libs, vec!["slepc_real".to_string()]);

        // The default pointing at the 64-bit-index SLEPc (real, like this PETSc): only
        // its slepcconf.h tells them apart.
        f.file(
            "slepcdir/slepc64/include/slepcversion.h",
            &slepc_version(21),
        );
        f.file(
            "slepcdir/slepc64/include/slepcconf.h",
            &format!(
                "#define SLEPC_PETSC_DIR \"{}\"\n",
                f.str("petscdir/petsc3.21/64-real")
            ),
        );
        f.file("slepcdir/slepc64/lib/libslepc64_real.so", "");
        f.file(
            "slepcdir/slepc64/lib/pkgconfig/SLEPc.pc",
            "Libs: -lslepc64_real\n",
        );
        std::fs::remove_file(f.path("slepc")).unwrap();
        f.link("slepc", "slepcdir/slepc64");
        let (i, _) = slepc_lib(&f)
            .probe_built_on_with(&real, &env(&[]), false)
            .unwrap();
        assert_eq!(i.libs, vec!["slepc_real".to_string()]);
    }

    #[test]
    fn default_slepc_is_taken_when_it_is_the_right_one() {
        let f = debian();
        let complex = petsc(&f, "petscdir/petsc3.21/complex", None, COMPLEX);
        let (i, _) = slepc_lib(&f)
            .probe_built_on_with(&complex, &env(&[]), false)
            .unwrap();
        assert!(i.found_by.starts_with("Debian default"), "{}", i.found_by);
        assert_eq!(i.libs, vec!["slepc_complex".to_string()]);
    }

    #[test]
    fn petsc_reached_through_a_link_still_pairs() {
        let f = debian();
        f.link("petsc", "petscdir/petsc3.21/real");
        let real = petsc(&f, "petsc", None, REAL);
        let (i, _) = slepc_lib(&f)
            .probe_built_on_with(&real, &env(&[]), false)
            .unwrap();
        assert_eq!(i.libs, vec!["slepc_real".to_string()]);
    }

    #[test]
    fn none_built_on_petsc_lists_every_candidate_and_why() {
        let f = debian();
        let int64 = petsc(&f, "petscdir/petsc3.21/64-real", None, INT64);
        let e = slepc_lib(&f)
            .probe_built_on_with(&int64, &env(&[]), false)
            .unwrap_err();
        let msg = e.to_string();
        assert!(
            msg.starts_with(&format!(
                "could not find a SLEPc built on PETSc 3.21.2 at {} (real scalars, 64-bit indices). Places tried:",
                f.str("petscdir/petsc3.21/64-real")
            )),
            "{msg}"
        );
        assert!(msg.contains("1. SLEPC_DIR: not set"), "{msg}");
        assert!(msg.contains("pkg-config SLEPc: not run"), "{msg}");
        // The default (complex) is named once, by the first place that found it.
        assert!(
            msg.contains(&format!(
                "Debian default {}: SLEPc 3.21.1 was built on the PETSc at {} (complex scalars, 32-bit indices)",
                f.str("slepc"),
                f.str("petscdir/petsc3.21/complex")
            )),
            "{msg}"
        );
        assert!(
            msg.contains(&format!(
                "Debian's {}: SLEPc 3.21.1 was built on the PETSc at {} (real scalars, 32-bit indices)",
                f.str("slepcdir/slepc3.21/real"),
                f.str("petscdir/petsc3.21/real")
            )),
            "{msg}"
        );
        assert_eq!(msg.matches("complex scalars").count(), 1, "{msg}");
        assert!(msg.contains("libslepc64-real<3.X>-dev"), "{msg}");
    }

    #[test]
    fn slepc_dir_is_taken_and_checked() {
        let f = debian();
        let real = petsc(&f, "petscdir/petsc3.21/real", None, REAL);
        let ok = f.str("slepcdir/slepc3.21/real");
        let (i, w) = slepc_lib(&f)
            .probe_built_on_with(&real, &env(&[("SLEPC_DIR", &ok)]), false)
            .unwrap();
        assert_eq!(i.dir, f.path("slepcdir/slepc3.21/real"));
        assert_eq!(w, None);

        // A SLEPc of another PETSc: refused, even though a right one is installed.
        let wrong = f.str("slepcdir/slepc3.21/complex");
        let f2 = Fixture::new(&format!("pair-nolib-{}", rand_tag()));
        // Its PETSc gone, only its library's name says what it is for.
        f2.file("s/include/slepcversion.h", &slepc_version(21));
        f2.file(
            "s/include/slepcconf.h",
            "#define SLEPC_PETSC_DIR \"/nonexistent/petsc-complex\"\n",
        );
        f2.file("s/lib/libslepc_complex.so", "");
        for (dir, why) in [
            (
                wrong.clone(),
                format!(
                    "was built on the PETSc at {} (complex scalars, 32-bit indices)",
                    f.str("petscdir/petsc3.21/complex")
                ),
            ),
            (
                f2.str("s"),
                "has the library libslepc_complex, for complex scalars".to_string(),
            ),
        ] {
            let dir = dir.as_str();
            let e = slepc_lib(&f)
                .probe_built_on_with(&real, &env(&[("SLEPC_DIR", dir)]), false)
                .unwrap_err();
            let msg = e.to_string();
            assert_eq!(e.attempts.len(), 1, "{msg}");
            assert!(msg.contains(&format!("1. SLEPC_DIR={dir}: SLEPc 3.21.1 at {dir} {why}, but petsc-sys uses PETSc 3.21.2 at")), "{msg}");
            assert!(
                msg.contains("or unset it to let the build find one"),
                "{msg}"
            );
        }
    }

    #[test]
    fn slepc_beside_an_in_place_petsc() {
        let f = Fixture::new(&format!("pair-src-{}", rand_tag()));
        f.file("src/petsc/include/petscversion.h", PETSC_VERSION);
        f.file("src/petsc/arch-opt/include/petscconf.h", REAL);
        f.file("src/petsc/arch-opt/lib/libpetsc.so", "");
        f.file(
            "src/slepc-3.21.1/include/slepcversion.h",
            &slepc_version(21),
        );
        f.file(
            "src/slepc-3.21.1/arch-opt/include/slepcconf.h",
            &format!(
                "#define SLEPC_PETSC_DIR \"{}\"\n#define SLEPC_PETSC_ARCH \"arch-opt\"\n",
                f.str("src/petsc")
            ),
        );
        f.file("src/slepc-3.21.1/arch-opt/lib/libslepc.so", "");
        // A SLEPc of another PETSc beside it comes first by name and is passed over.
        f.file("src/slepc-3.20/include/slepcversion.h", &slepc_version(20));
        f.file("src/slepc-3.20/lib/libslepc.so", "");
        let p = petsc(&f, "src/petsc", Some("arch-opt"), REAL);
        let lib = Library {
            debian_default: "/nonexistent/slepc",
            debian_dirs: "/nonexistent/slepcdir",
            ..Library::SLEPC
        };
        let (i, w) = lib.probe_built_on_with(&p, &env(&[]), false).unwrap();
        assert_eq!(w, None);
        assert_eq!(i.lib_dirs, vec![f.path("src/slepc-3.21.1/arch-opt/lib")]);
        assert_eq!(
            i.found_by,
            format!(
                "beside PETSc, in {} with PETSC_ARCH=arch-opt",
                f.str("src/slepc-3.21.1")
            )
        );
    }

    #[test]
    fn slepc_installed_into_petscs_prefix() {
        let f = Fixture::new(&format!("pair-prefix-{}", rand_tag()));
        f.file("opt/include/petscversion.h", PETSC_VERSION);
        f.file("opt/include/petscconf.h", COMPLEX);
        f.file("opt/include/slepcversion.h", &slepc_version(21));
        f.file(
            "opt/include/slepcconf.h",
            &format!("#define SLEPC_PETSC_DIR \"{}\"\n", f.str("opt")),
        );
        f.file("opt/lib/libpetsc.so", "");
        f.file("opt/lib/libslepc.so", "");
        let p = petsc(&f, "opt", None, COMPLEX);
        let (i, _) = slepc_lib(&f)
            .probe_built_on_with(&p, &env(&[]), false)
            .unwrap();
        assert_eq!(i.found_by, format!("beside PETSc, in {}", f.str("opt")));
    }

    #[test]
    fn relocated_slepc_is_a_fallback_with_a_warning() {
        let f = debian();
        // A SLEPc whose PETSc is gone, reached first (as the default).
        let _ = std::fs::remove_file(f.path("slepc"));
        f.file("moved/include/slepcversion.h", &slepc_version(21));
        f.file(
            "moved/include/slepcconf.h",
            "#define SLEPC_PETSC_DIR \"/nonexistent/build/petsc\"\n",
        );
        f.file("moved/lib/libslepc.so", "");
        f.link("slepc", "moved");
        // With a SLEPc built on this PETSc in sight, that one wins.
        let real = petsc(&f, "petscdir/petsc3.21/real", None, REAL);
        let (i, w) = slepc_lib(&f)
            .probe_built_on_with(&real, &env(&[]), false)
            .unwrap();
        assert_eq!(i.libs, vec!["slepc_real".to_string()]);
        assert_eq!(w, None);
        // Without one, the relocated SLEPc is taken, with a warning naming what was not checked.
        let int64 = petsc(&f, "petscdir/petsc3.21/64-real", None, INT64);
        let (i, w) = slepc_lib(&f)
            .probe_built_on_with(&int64, &env(&[]), false)
            .unwrap();
        assert_eq!(i.libs, vec!["slepc".to_string()]);
        let w = w.unwrap();
        assert!(w.contains("SLEPc 3.21.1 was built on the PETSc at /nonexistent/build/petsc, which is no longer there; assuming it was built on PETSc 3.21.2"), "{w}");
    }

    #[test]
    fn another_version_line_is_never_taken() {
        let f = Fixture::new(&format!("pair-line-{}", rand_tag()));
        f.file("s/include/slepcversion.h", &slepc_version(20));
        f.file("s/lib/libslepc.so", "");
        f.file("p/include/petscconf.h", REAL);
        let p = petsc(&f, "p", None, REAL);
        let lib = Library {
            debian_default: Box::leak(f.str("s").into_boxed_str()),
            debian_dirs: "/nonexistent/slepcdir",
            ..Library::SLEPC
        };
        let msg = lib
            .probe_built_on_with(&p, &env(&[]), false)
            .unwrap_err()
            .to_string();
        assert!(
            msg.contains("SLEPc 3.20.1 is of another version line than PETSc 3.21.2"),
            "{msg}"
        );
        assert!(
            msg.contains("/nonexistent/slepcdir/*: no installation under /nonexistent/slepcdir"),
            "{msg}"
        );
    }

    /// pkg-config itself, restricted to the fixture's `.pc` files, naming the SLEPc of
    /// another PETSc (what Debian's `SLEPc.pc` alternative can do).
    #[test]
    fn pkg_config_slepc_of_another_petsc_is_passed_over() {
        if std::process::Command::new("pkg-config")
            .arg("--version")
            .output()
            .is_err()
        {
            eprintln!("skipped: no pkg-config");
            return;
        }
        let f = debian();
        f.file(
            "pc/SLEPc.pc",
            &format!(
                "prefix={}\nName: SLEPc\nDescription: x\nVersion: 3.21.1\n",
                f.str("slepcdir/slepc3.21/complex")
            ),
        );
        let real = petsc(&f, "petscdir/petsc3.21/real", None, REAL);
        let e = env(&[("PKG_CONFIG_LIBDIR", &f.str("pc")), ("PKG_CONFIG_PATH", "")]);
        let (i, _) = slepc_lib(&f).probe_built_on_with(&real, &e, true).unwrap();
        assert_eq!(i.libs, vec!["slepc_real".to_string()]);
        // Asked for the complex PETSc, pkg-config's answer is the one taken.
        let complex = petsc(&f, "petscdir/petsc3.21/complex", None, COMPLEX);
        let (i, _) = slepc_lib(&f)
            .probe_built_on_with(&complex, &e, true)
            .unwrap();
        assert!(
            i.found_by.starts_with("pkg-config SLEPc (prefix"),
            "{}",
            i.found_by
        );
    }
}
