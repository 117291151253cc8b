//! The benchmark table (`ci/bench/benchmarks.toml`): what each benchmark runs, what it
//! reads from each program's output, and what must agree before a time counts.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

/// The whole table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    /// The benchmarks, in the order they run and are reported.
    pub bench: Vec<Bench>,
}

/// One benchmark: one workload, run by every program that does it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bench {
    /// Short name, as given on the command line.
    pub name: String,
    /// One line on what is compared.
    pub about: String,
    /// Rank counts (default: the runner's `--nps`).
    #[serde(default)]
    pub nps: Option<Vec<u32>>,
    /// The sizes: each a map of variables (`label` names the case in the report).
    pub cases: Vec<BTreeMap<String, String>>,
    /// The variables of the smoke run (tiny sizes, one run).
    pub smoke: BTreeMap<String, String>,
    /// A shell command run once per case before the programs (e.g. writing input data).
    #[serde(default)]
    pub prepare: Option<String>,
    /// The metrics reported, in order; the first is the one the ratios use.
    pub metrics: Vec<String>,
    /// Figures computed from the variables and the metric medians.
    #[serde(default)]
    pub derived: Vec<Derived>,
    /// Results every program must print alike.
    #[serde(default)]
    pub agree: Vec<Agree>,
    /// A shell command run after the first run of every program at each rank count
    /// (e.g. comparing output files); its failure counts as a disagreement.
    #[serde(default)]
    pub check: Option<String>,
    /// The programs: ours, the C reference, the peers.
    pub program: Vec<Program>,
}

/// A figure computed from a run's medians, e.g. a bandwidth.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derived {
    pub name: String,
    /// Arithmetic (`+ - * /`, parentheses, numbers) over `{variable}` and `{metric}`.
    pub expr: String,
    pub unit: String,
    /// Whether to report it as a fraction of the STREAM triad bandwidth (GB/s).
    #[serde(default)]
    pub stream: bool,
}

/// A result that must be the same in every program's output.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Agree {
    pub name: String,
    /// A regular expression with one capture group.
    pub pattern: String,
    /// Relative tolerance for numbers (0: the text must be identical).
    #[serde(default)]
    pub rtol: f64,
    /// Which matches count: `first`, `last` (default), `sum` (of numbers), `count` or
    /// `all`.
    #[serde(default = "last")]
    pub take: String,
}

fn last() -> String {
    "last".into()
}

fn yes() -> bool {
    true
}

/// The part a program plays in a benchmark.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// petsc-rs.
    Ours,
    /// The same computation written against PETSc in C: the reference of the ratios.
    C,
    /// What a user would pick instead (petsc4py, PYPOWER, PLINK, ...).
    Peer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Ours => "ours",
            Role::C => "C",
            Role::Peer => "peer",
        }
    }
}

/// One program of a benchmark.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Program {
    /// Name in the report.
    pub name: String,
    pub role: Role,
    /// What runs: `rust:EXAMPLE` (cargo example of petsc-examples), `c:FILE.c` (in
    /// ci/bench/), `petsc:PATH` (a C tutorial of Debian's PETSc examples package),
    /// `py:FILE.py` (in ci/bench/, run by python3), `cmd:COMMAND` (as it is), or
    /// `build:NAME` (made by the `build` command).
    pub run: String,
    /// Arguments, with `{variable}` substituted; split at white space.
    #[serde(default)]
    pub args: String,
    /// pkg-config packages a C program is compiled against (default `PETSc`).
    #[serde(default)]
    pub pkgs: Vec<String>,
    /// For `build:NAME`: a shell command that writes the executable `{out}`.
    #[serde(default)]
    pub build: Option<String>,
    /// Whether it runs under mpiexec (default yes). A program that does not runs once,
    /// at the first rank count, and its figures stand beside ours at every rank count.
    #[serde(default = "yes")]
    pub mpi: bool,
    /// Rank counts it runs at (default: the benchmark's).
    #[serde(default)]
    pub nps: Option<Vec<u32>>,
    /// How each metric is read: `wall`, `event:NAME[+NAME...]` (max time over ranks in
    /// -log_view), `count:NAME` (calls of that event) or `re:PATTERN` (capture group 1).
    pub metrics: BTreeMap<String, String>,
    /// Patterns replacing the benchmark's `agree` patterns for this program ("" skips
    /// that check for it).
    #[serde(default)]
    pub agree: BTreeMap<String, String>,
    /// A shell test that must succeed for the program to run (else it is skipped and
    /// the report says why), e.g. that a peer is installed.
    #[serde(default)]
    pub needs: Option<String>,
    /// Whether CALLGRIND runs count its instructions (default: not for peers).
    #[serde(default)]
    pub callgrind: Option<bool>,
    /// A function whose inclusive instructions callgrind counts (`--toggle-collect`).
    #[serde(default)]
    pub toggle: Option<String>,
}

impl Table {
    pub fn load(path: &Path) -> Result<Table, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let table: Table = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        for b in &table.bench {
            for m in &b.metrics {
                for p in &b.program {
                    if !p.metrics.contains_key(m) {
                        return Err(format!(
                            "{}: benchmark {} reports metric {m}, which program {} does not read",
                            path.display(),
                            b.name,
                            p.name
                        ));
                    }
                }
            }
            if b.cases.iter().any(|c| !c.contains_key("label")) {
                return Err(format!(
                    "{}: every case of benchmark {} needs a label",
                    path.display(),
                    b.name
                ));
            }
        }
        Ok(table)
    }
}

/// `text` with every `{name}` of `vars` replaced (`name`: letters, digits and `_`;
/// other braces, as in awk's `{$1=$1}`, stay as they are); an unknown name is an error.
pub fn substitute(text: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        if name_len == 0 || !after[name_len..].starts_with('}') {
            out.push('{');
            rest = after;
            continue;
        }
        let name = &after[..name_len];
        let value = vars
            .get(name)
            .ok_or_else(|| format!("unknown variable {{{name}}} in '{text}'"))?;
        out.push_str(value);
        rest = &after[name_len + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Evaluates `+ - * /`, unary minus, parentheses and numbers (with exponents).
pub fn eval(expr: &str) -> Result<f64, String> {
    struct P<'a> {
        s: &'a [u8],
        i: usize,
    }
    impl P<'_> {
        fn ws(&mut self) {
            while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
                self.i += 1;
            }
        }
        fn peek(&mut self) -> Option<u8> {
            self.ws();
            self.s.get(self.i).copied()
        }
        fn sum(&mut self) -> Result<f64, String> {
            let mut v = self.product()?;
            while let Some(c @ (b'+' | b'-')) = self.peek() {
                self.i += 1;
                let r = self.product()?;
                v = if c == b'+' { v + r } else { v - r };
            }
            Ok(v)
        }
        fn product(&mut self) -> Result<f64, String> {
            let mut v = self.atom()?;
            while let Some(c @ (b'*' | b'/')) = self.peek() {
                self.i += 1;
                let r = self.atom()?;
                v = if c == b'*' { v * r } else { v / r };
            }
            Ok(v)
        }
        fn atom(&mut self) -> Result<f64, String> {
            match self.peek() {
                Some(b'(') => {
                    self.i += 1;
                    let v = self.sum()?;
                    if self.peek() != Some(b')') {
                        return Err("missing )".into());
                    }
                    self.i += 1;
                    Ok(v)
                }
                Some(b'-') => {
                    self.i += 1;
                    Ok(-self.atom()?)
                }
                Some(_) => {
                    let start = self.i;
                    while self.i < self.s.len() {
                        let c = self.s[self.i];
                        let exp_sign = (c == b'-' || c == b'+')
                            && self.i > start
                            && matches!(self.s[self.i - 1], b'e' | b'E');
                        if c.is_ascii_digit() || c == b'.' || c == b'e' || c == b'E' || exp_sign {
                            self.i += 1;
                        } else {
                            break;
                        }
                    }
                    let t = std::str::from_utf8(&self.s[start..self.i]).unwrap_or("");
                    t.parse::<f64>().map_err(|_| format!("bad number '{t}'"))
                }
                None => Err("unexpected end".into()),
            }
        }
    }
    let mut p = P {
        s: expr.as_bytes(),
        i: 0,
    };
    let v = p.sum().map_err(|e| format!("{e} in '{expr}'"))?;
    if p.peek().is_some() {
        return Err(format!("trailing text in '{expr}'"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic() {
        assert_eq!(eval("1 + 2 * 3").unwrap(), 7.0);
        assert_eq!(eval("(1 + 2) * 3 / 2").unwrap(), 4.5);
        assert_eq!(eval("-2e-3 * 1e3").unwrap(), -2.0);
        assert!(eval("1 +").is_err());
        assert!(eval("1 2").is_err());
    }

    #[test]
    fn variables() {
        let vars = BTreeMap::from([("n".to_string(), "5".to_string())]);
        assert_eq!(substitute("-n {n} -m {n}", &vars).unwrap(), "-n 5 -m 5");
        assert!(substitute("{m}", &vars).is_err());
        assert_eq!(
            substitute("awk '{$1=$1};1' {n}", &vars).unwrap(),
            "awk '{$1=$1};1' 5"
        );
    }

    #[test]
    fn the_table_loads() {
        let path = crate::manifest_dir().join("../benchmarks.toml");
        let table = Table::load(&path).unwrap();
        assert!(table.bench.iter().any(|b| b.name == "wave"));
    }
}
