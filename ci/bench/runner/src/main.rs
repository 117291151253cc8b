//! The benchmark runner of petsc-rs: runs the programs of `ci/bench/benchmarks.toml`
//! (petsc-rs, PETSc in C, and the peers a user would pick instead) side by side, checks
//! that their results agree, and reports medians, ratios, 2-rank speedups and achieved
//! bandwidth against the machine's STREAM triad, as a markdown table and a bar chart.
//!
//! ```text
//! petsc-bench [--table FILE] [--out DIR] [--repeat N] [--nps "1 2"] [--smoke]
//!             [--callgrind] [--no-build] [NAME...]
//! ```
//!
//! `ci/bench.sh` is the usual way in: it installs what is missing, builds this runner,
//! and passes `REPEAT`, `NPS`, `SMOKE=1`, `CALLGRIND=1` and `OUT` on.

mod chart;
mod run;
mod table;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;

use table::Table;

/// What the command line asked for.
#[derive(Debug)]
pub struct Options {
    pub table: PathBuf,
    pub out: PathBuf,
    pub repeat: usize,
    pub nps: Vec<u32>,
    pub smoke: bool,
    pub callgrind: bool,
    pub build: bool,
    pub names: Vec<String>,
    /// The repository's root (the table's grandparent).
    pub root: PathBuf,
}

fn usage() -> &'static str {
    "usage: petsc-bench [--table FILE] [--out DIR] [--repeat N] [--nps \"1 2\"] [--smoke] \
     [--callgrind] [--no-build] [NAME...]"
}

/// The runner's package directory: as `cargo run`/`cargo test` name it at run time (the
/// one compiled in is stale when two clones share a target directory, since cargo does
/// not rebuild a moved workspace member), else the one compiled in.
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

fn parse_args() -> Result<Options, String> {
    let root = manifest_dir().join("../../..");
    let mut o = Options {
        table: root.join("ci/bench/benchmarks.toml"),
        out: root.join("target/bench"),
        repeat: 5,
        nps: vec![1, 2],
        smoke: false,
        callgrind: false,
        build: true,
        names: Vec::new(),
        root,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |what: &str| args.next().ok_or(format!("{what} needs a value"));
        match a.as_str() {
            "--table" => o.table = value("--table")?.into(),
            "--out" => o.out = value("--out")?.into(),
            "--repeat" => {
                o.repeat = value("--repeat")?
                    .parse()
                    .map_err(|_| "--repeat takes a count")?
            }
            "--nps" => {
                o.nps = value("--nps")?
                    .split_whitespace()
                    .map(|s| s.parse().map_err(|_| format!("bad rank count '{s}'")))
                    .collect::<Result<_, _>>()?
            }
            "--smoke" => o.smoke = true,
            "--callgrind" => o.callgrind = true,
            "--no-build" => o.build = false,
            "-h" | "--help" => return Err(usage().into()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{}", usage())),
            s => o.names.push(s.to_string()),
        }
    }
    if o.smoke {
        o.repeat = 1;
    }
    if let Some(dir) = o
        .table
        .parent()
        .and_then(|p| p.parent())
        .and_then(|p| p.parent())
    {
        o.root = dir.to_path_buf();
    }
    Ok(o)
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("petsc-bench: {e}");
            return ExitCode::from(2);
        }
    };
    let table = match Table::load(&opts.table) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("petsc-bench: {e}");
            return ExitCode::from(2);
        }
    };
    for n in &opts.names {
        if !table.bench.iter().any(|b| &b.name == n) {
            let known: Vec<&str> = table.bench.iter().map(|b| b.name.as_str()).collect();
            eprintln!("petsc-bench: no benchmark {n}; known: {}", known.join(" "));
            return ExitCode::from(2);
        }
    }
    match run::run_all(&opts, &table) {
        Ok(report) => {
            if let Err(e) = report.write(&opts) {
                eprintln!("petsc-bench: {e}");
                return ExitCode::FAILURE;
            }
            if report.failures.is_empty() {
                ExitCode::SUCCESS
            } else {
                for f in &report.failures {
                    eprintln!("petsc-bench: {f}");
                }
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("petsc-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Median, minimum and maximum of a sample, and the sample in the order it was taken
/// (one value a round, for ratios of runs made side by side).
#[derive(Debug, Clone)]
pub struct Stats {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub n: usize,
    pub runs: Vec<f64>,
}

/// The median of `xs` (`None` when empty).
pub fn median(xs: &[f64]) -> Option<f64> {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let n = v.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(v[n / 2]),
        _ => Some(0.5 * (v[n / 2 - 1] + v[n / 2])),
    }
}

impl Stats {
    pub fn of(xs: &[f64]) -> Option<Stats> {
        let median = median(xs)?;
        let (min, max) = xs
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| {
                (a.min(x), b.max(x))
            });
        Some(Stats {
            median,
            min,
            max,
            n: xs.len(),
            runs: xs.to_vec(),
        })
    }
}

/// A number in 4 significant digits.
pub fn fmt(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let mag = x.abs().log10().floor() as i32;
    if !(-3..6).contains(&mag) {
        format!("{x:.3e}")
    } else {
        let decimals = (3 - mag).max(0) as usize;
        format!("{x:.decimals$}")
    }
}

/// Everything measured, for the report.
#[derive(Debug, Default)]
pub struct Report {
    pub rows: Vec<Row>,
    pub notes: Vec<String>,
    pub failures: Vec<String>,
    /// STREAM triad bandwidth (GB/s) by rank count, when measured in this run.
    pub stream_gbs: BTreeMap<u32, f64>,
    /// What each benchmark that ran reports, in order.
    pub heads: Vec<Head>,
}

/// The heading and columns of one benchmark's table.
#[derive(Debug)]
pub struct Head {
    pub name: String,
    pub about: String,
    pub metrics: Vec<String>,
    /// Derived figures: name, unit, whether reported against STREAM.
    pub derived: Vec<(String, String, bool)>,
}

/// One program at one case and rank count.
#[derive(Debug, Clone)]
pub struct Row {
    pub bench: String,
    pub case: String,
    pub np: u32,
    pub program: String,
    pub role: table::Role,
    pub metrics: BTreeMap<String, Stats>,
    pub derived: BTreeMap<String, f64>,
    /// Headline ratio: ours / C for ours, peer / ours for peers.
    pub ratio: Option<f64>,
    /// Headline at 1 rank / at this rank count.
    pub speedup: Option<f64>,
    pub agrees: bool,
    /// Callgrind instructions, when counted.
    pub instructions: Option<f64>,
}

impl Report {
    fn write(&self, opts: &Options) -> Result<(), String> {
        std::fs::create_dir_all(&opts.out)
            .map_err(|e| format!("cannot create {}: {e}", opts.out.display()))?;
        let md = self.markdown(opts);
        let md_path = opts.out.join("results.md");
        std::fs::write(&md_path, &md)
            .map_err(|e| format!("cannot write {}: {e}", md_path.display()))?;
        print!("\n{md}");
        let png = opts.out.join("ratios.png");
        match chart::draw(&self.rows, &png) {
            Ok(true) => println!("chart: {}", png.display()),
            Ok(false) => {}
            Err(e) => eprintln!("petsc-bench: no chart: {e}"),
        }
        println!("table: {}", md_path.display());
        Ok(())
    }

    fn markdown(&self, opts: &Options) -> String {
        use std::fmt::Write;
        let mut s = String::new();
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        let cpu = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|t| {
                t.lines()
                    .find(|l| l.starts_with("model name"))
                    .and_then(|l| l.split(':').nth(1))
                    .map(|x| x.trim().to_string())
            })
            .unwrap_or_else(|| "unknown CPU".into());
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let _ = writeln!(
            s,
            "Machine: {cpu}, {cores} cores; load average before the run: {}",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
        let _ = writeln!(
            s,
            "Runs: {} ({} timed rounds after one warm-up, each running every program once, \
             in the reverse order every other round; median [min-max]); ranks {:?}.",
            if opts.smoke { "smoke" } else { "full" },
            opts.repeat,
            opts.nps
        );
        for (np, bw) in &self.stream_gbs {
            let _ = writeln!(s, "STREAM triad at {np} rank(s): {} GB/s.", fmt(*bw));
        }
        let _ = writeln!(
            s,
            "Ratio: ours / C for our programs (C is the reference), peer / ours for peers \
             (how many times faster ours is), the median over the rounds of the two runs of \
             one round (the machine's drift between rounds cancels; a serial program beside \
             other rank counts: the ratio of medians). Speedup: time at 1 rank / time at \
             this rank count."
        );
        for Head {
            name,
            about,
            metrics,
            derived,
        } in &self.heads
        {
            let rows: Vec<&Row> = self.rows.iter().filter(|r| &r.bench == name).collect();
            if rows.is_empty() {
                continue;
            }
            let _ = writeln!(s, "\n### {name}\n\n{about}\n");
            let mut head = vec!["case", "np", "program", "role"];
            head.extend(metrics.iter().map(|m| m.as_str()));
            head.extend(derived.iter().map(|d| d.0.as_str()));
            head.extend(["ratio", "speedup", "agrees"]);
            let cg = rows.iter().any(|r| r.instructions.is_some());
            if cg {
                head.push("instructions");
            }
            let _ = writeln!(s, "| {} |", head.join(" | "));
            let _ = writeln!(s, "|{}", "---|".repeat(head.len()));
            for r in rows {
                let mut cells = vec![
                    r.case.clone(),
                    r.np.to_string(),
                    r.program.clone(),
                    r.role.as_str().to_string(),
                ];
                for m in metrics {
                    cells.push(match r.metrics.get(m) {
                        Some(st) if st.n > 1 => {
                            format!("{} [{}-{}]", fmt(st.median), fmt(st.min), fmt(st.max))
                        }
                        Some(st) => fmt(st.median),
                        None => "-".into(),
                    });
                }
                for (d, unit, stream) in derived {
                    cells.push(match r.derived.get(d) {
                        Some(v) => match (stream, self.stream_gbs.get(&r.np).copied()) {
                            (true, Some(bw)) => {
                                format!("{} {unit} ({:.0}%)", fmt(*v), 100.0 * v / bw)
                            }
                            _ => format!("{} {unit}", fmt(*v)),
                        },
                        None => "-".into(),
                    });
                }
                cells.push(r.ratio.map_or("-".into(), |x| format!("{x:.3}")));
                cells.push(r.speedup.map_or("-".into(), |x| format!("{x:.2}")));
                cells.push(if r.agrees { "yes" } else { "NO" }.into());
                if cg {
                    cells.push(r.instructions.map_or("-".into(), |x| format!("{x:.0}")));
                }
                let _ = writeln!(s, "| {} |", cells.join(" | "));
            }
        }
        if !self.notes.is_empty() {
            let _ = writeln!(s, "\nNotes:");
            for n in &self.notes {
                let _ = writeln!(s, "- {n}");
            }
        }
        s
    }
}
