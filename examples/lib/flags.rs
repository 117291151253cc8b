//! The examples' own command-line flags: [`Flags`] reads `--name value` beside PETSc's
//! `-options` and writes the `--help` text; [`require`] turns a failed check of a flag's
//! value into a usage error.

use std::fmt;
use std::str::FromStr;

use crate::{help_text, usage_error};

/// The program's own `--flags`, read from its arguments beside PETSc's options.
///
/// Only arguments that start with `--` are flags; `-single_dash` options and their
/// values belong to PETSc and are left alone. A flag takes its value as `--name value`
/// or `--name=value` (the value may start with `-`, as in `--shift -1.5`); the last
/// occurrence wins. [`Flags::finish`] rejects `--flags` nobody asked for and answers
/// `--help` with the usage text built from the flags that were asked for.
///
/// ```
/// use petsc_examples::Flags;
/// let mut f = Flags::new("demo", "A demo.", ["demo", "--nx", "80", "-ksp_type", "cg", "--g=-2"]);
/// assert_eq!(f.value("nx", 40usize, "buses in x").unwrap(), 80);
/// assert_eq!(f.value("ny", 20usize, "buses in y").unwrap(), 20);
/// assert_eq!(f.value("g", 1.0f64, "conductance").unwrap(), -2.0);
/// assert!(f.finish().is_ok());
///
/// let mut f = Flags::new("demo", "A demo.", ["demo", "--nx", "many"]);
/// assert!(f.value("nx", 40usize, "buses in x").is_err());
/// let f = Flags::new("demo", "A demo.", ["demo", "--bogus", "1"]);
/// assert!(f.finish().is_err());
/// ```
#[derive(Debug, Clone)]
pub struct Flags {
    program: String,
    about: String,
    args: Vec<String>,
    used: Vec<bool>,
    known: Vec<(String, String, String)>,
}

fn kind_of<T>() -> &'static str {
    let t = std::any::type_name::<T>();
    match t {
        "usize" | "u64" | "u32" | "u16" | "u8" => "a non-negative integer",
        "i64" | "i32" | "isize" | "i16" => "an integer",
        "f64" | "f32" => "a number",
        "bool" => "true or false",
        _ if t.ends_with("String") => "a text",
        _ => t,
    }
}

impl Flags {
    /// Flags of `args` (program name first, as `std::env::args` gives them).
    pub fn new<I, S>(program: &str, about: &str, args: I) -> Flags
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let args: Vec<String> = args.into_iter().skip(1).map(Into::into).collect();
        Flags {
            program: program.to_string(),
            about: about.to_string(),
            used: vec![false; args.len()],
            args,
            known: Vec::new(),
        }
    }

    /// Flags of this process's arguments.
    pub fn from_env(program: &str, about: &str) -> Flags {
        Flags::new(program, about, std::env::args())
    }

    /// The raw text of the last `--name`, marking it (and its value) as used.
    fn raw(&mut self, name: &str, switch: bool) -> petsc::Result<Option<String>> {
        let flag = format!("--{name}");
        let with_eq = format!("--{name}=");
        let mut found = None;
        let mut i = 0;
        while i < self.args.len() {
            let a = &self.args[i];
            if switch && *a == flag {
                self.used[i] = true;
                found = Some(String::new());
            } else if let Some(v) = a.strip_prefix(&with_eq) {
                self.used[i] = true;
                found = Some(v.to_string());
            } else if *a == flag {
                self.used[i] = true;
                match self.args.get(i + 1) {
                    Some(v) => {
                        self.used[i + 1] = true;
                        found = Some(v.clone());
                        i += 1;
                    }
                    None => {
                        return Err(usage_error(format!("{flag} needs a value")));
                    }
                }
            }
            i += 1;
        }
        Ok(found)
    }

    fn note(&mut self, name: &str, default: String, help: &str) {
        self.known
            .push((name.to_string(), default, help.to_string()));
    }

    /// The value of `--name`, or `default` when absent; a value that does not parse is
    /// a usage error naming the flag, the value and what was expected.
    pub fn value<T>(&mut self, name: &str, default: T, help: &str) -> petsc::Result<T>
    where
        T: FromStr + fmt::Display,
    {
        self.note(name, default.to_string(), help);
        match self.raw(name, false)? {
            None => Ok(default),
            Some(v) => parse_flag(name, &v),
        }
    }

    /// The value of `--name` if given.
    pub fn optional<T: FromStr>(&mut self, name: &str, help: &str) -> petsc::Result<Option<T>> {
        self.note(name, String::new(), help);
        match self.raw(name, false)? {
            None => Ok(None),
            Some(v) => parse_flag(name, &v).map(Some),
        }
    }

    /// Whether the switch `--name` (no value) is present; `--name=false` turns it off.
    pub fn switch(&mut self, name: &str, help: &str) -> petsc::Result<bool> {
        self.note(name, "off".into(), help);
        match self.raw(name, true)? {
            None => Ok(false),
            Some(v) if v.is_empty() => Ok(true),
            Some(v) => parse_flag(name, &v),
        }
    }

    /// The usage text: every flag asked for so far, with its default and help.
    pub fn usage(&self) -> String {
        let mut s = format!(
            "{}: {}\n\nusage: mpiexec -n N {} [flags] [PETSc options]\n\nflags:\n",
            self.program, self.about, self.program
        );
        for (name, default, help) in &self.known {
            let d = if default.is_empty() {
                String::new()
            } else {
                format!(" (default {default})")
            };
            s.push_str(&format!("  --{name:<14} {help}{d}\n"));
        }
        s.push_str("  --help           this text\n\nPETSc options (-ksp_type, -log_view, -help, ...) are passed to PETSc.\n");
        s
    }

    /// Ends parsing: `Err(help_text(..))` for `--help`, a usage error for any
    /// `--flag` that was not asked for.
    pub fn finish(self) -> petsc::Result<()> {
        if self.args.iter().any(|a| a == "--help") {
            return Err(help_text(self.usage()));
        }
        let unknown: Vec<&str> = self
            .args
            .iter()
            .zip(&self.used)
            .filter(|(a, used)| !**used && a.starts_with("--") && a.len() > 2)
            .map(|(a, _)| a.as_str())
            .collect();
        if unknown.is_empty() {
            Ok(())
        } else {
            let names: Vec<String> = self.known.iter().map(|k| format!("--{}", k.0)).collect();
            Err(usage_error(format!(
                "unknown flag{} {}; the flags are {}",
                if unknown.len() > 1 { "s" } else { "" },
                unknown.join(", "),
                names.join(" ")
            )))
        }
    }
}

fn parse_flag<T: FromStr>(name: &str, v: &str) -> petsc::Result<T> {
    v.trim()
        .parse()
        .map_err(|_| usage_error(format!("--{name} expects {}, got '{v}'", kind_of::<T>())))
}

/// A usage error unless `ok`.
pub fn require(ok: bool, message: impl FnOnce() -> String) -> petsc::Result<()> {
    if ok {
        Ok(())
    } else {
        Err(usage_error(message()))
    }
}
