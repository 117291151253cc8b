//! Installation trees made up for the unit tests, removed when dropped.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// A temporary directory of its own for one test.
pub(crate) struct Fixture(pub(crate) PathBuf);

impl Fixture {
    pub(crate) fn new(tag: &str) -> Fixture {
        let d = std::env::temp_dir().join(format!("petsc-sys-build-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Fixture(d)
    }

    /// Writes `text` to `rel` below the fixture, making its directories.
    pub(crate) fn file(&self, rel: &str, text: &str) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// A symbolic link `rel` to `target` (relative to the fixture).
    pub(crate) fn link(&self, rel: &str, target: &str) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(self.0.join(target), p).unwrap();
    }

    /// The absolute path of `rel`.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    pub(crate) fn str(&self, rel: &str) -> String {
        self.path(rel).to_str().unwrap().to_string()
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An environment of the given variables only.
pub(crate) fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}
