//! Building the programs, running them (a warm-up, then alternating timed runs), reading
//! their outputs and checking that they agree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use regex::Regex;

use crate::table::{eval, substitute, Agree, Bench, Program, Role, Table};
use crate::{Head, Options, Report, Row, Stats};

/// A program ready to run: the command words before its arguments.
#[derive(Debug, Clone)]
struct Ready {
    exe: Vec<String>,
}

/// What one run printed and how long it took.
struct Output {
    text: String,
    wall: f64,
}

fn sh(cmd: &str, dir: &Path) -> Result<(), String> {
    let status = Command::new("bash")
        .arg("-c")
        .arg(cmd)
        .current_dir(dir)
        .status()
        .map_err(|e| format!("cannot run '{cmd}': {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("'{cmd}' failed ({status})"))
    }
}

fn pkg_config(pkgs: &[String]) -> Result<Vec<String>, String> {
    let pkgs: Vec<String> = if pkgs.is_empty() {
        vec!["PETSc".into()]
    } else {
        pkgs.to_vec()
    };
    let out = Command::new("pkg-config")
        .args(["--cflags", "--libs"])
        .args(&pkgs)
        .output()
        .map_err(|e| format!("pkg-config: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "pkg-config {}: {}",
            pkgs.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .map(String::from)
        .collect())
}

/// A C tutorial of Debian's PETSc examples package, by its path under `examples/`.
fn petsc_example(path: &str) -> Result<PathBuf, String> {
    let base = Path::new("/usr/share/petsc");
    let mut found = None;
    if let Ok(dirs) = std::fs::read_dir(base) {
        for d in dirs.flatten() {
            let p = d.path().join("share/petsc/examples").join(path);
            if p.is_file() {
                found = Some(p);
            }
        }
    }
    found.ok_or_else(|| {
        format!(
            "{path} not found under {} (libpetsc*-dev-examples)",
            base.display()
        )
    })
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

/// Builds every program the selected benchmarks need; returns them by `run` string.
fn build_all(
    opts: &Options,
    benches: &[&Bench],
    work: &Path,
) -> Result<BTreeMap<String, Ready>, String> {
    let mut ready = BTreeMap::new();
    let mut examples: Vec<String> = Vec::new();
    for b in benches {
        for p in &b.program {
            if let Some(name) = p.run.strip_prefix("rust:") {
                if !examples.iter().any(|e| e == name) {
                    examples.push(name.to_string());
                }
            }
        }
    }
    let target = target_dir(&opts.root);
    if !examples.is_empty() && opts.build {
        let mut cmd = Command::new("cargo");
        cmd.args(["build", "--profile", "release-lto", "-p", "petsc-examples"])
            .current_dir(&opts.root);
        for e in &examples {
            cmd.args(["--example", e]);
        }
        println!(
            "bench: cargo build --profile release-lto -p petsc-examples --example {}",
            examples.join(" --example ")
        );
        let status = cmd.status().map_err(|e| format!("cargo: {e}"))?;
        if !status.success() {
            return Err("cargo build of the examples failed".into());
        }
    }
    for b in benches {
        for p in &b.program {
            if ready.contains_key(&p.run) {
                continue;
            }
            let (kind, what) = p
                .run
                .split_once(':')
                .ok_or_else(|| format!("program {}: run '{}' has no kind:", p.name, p.run))?;
            let exe = match kind {
                "rust" => {
                    let path = target.join("release-lto/examples").join(what);
                    vec![path.display().to_string()]
                }
                "c" | "petsc" => {
                    let src = if kind == "c" {
                        opts.root.join("ci/bench").join(what)
                    } else {
                        petsc_example(what)?
                    };
                    let stem = Path::new(what)
                        .file_stem()
                        .map_or("prog".into(), |s| s.to_string_lossy().to_string());
                    let out = work.join(format!("{kind}-{stem}"));
                    println!("bench: mpicc -O2 {}", src.display());
                    let status = Command::new("mpicc")
                        .args(["-O2", "-o"])
                        .arg(&out)
                        .arg(&src)
                        .args(pkg_config(&p.pkgs)?)
                        .arg("-lm")
                        .status()
                        .map_err(|e| format!("mpicc: {e}"))?;
                    if !status.success() {
                        return Err(format!("mpicc of {} failed", src.display()));
                    }
                    vec![out.display().to_string()]
                }
                "build" => {
                    let out = work.join(format!("build-{what}"));
                    let cmd = p
                        .build
                        .as_deref()
                        .ok_or_else(|| format!("program {}: build:{what} needs build =", p.name))?;
                    let vars = base_vars(opts, work, &out);
                    sh(&substitute(cmd, &vars)?, &opts.root)?;
                    vec![out.display().to_string()]
                }
                "py" => vec![
                    python(),
                    opts.root.join("ci/bench").join(what).display().to_string(),
                ],
                "cmd" => {
                    let vars = base_vars(opts, work, work);
                    substitute(what, &vars)?
                        .split_whitespace()
                        .map(String::from)
                        .collect()
                }
                k => return Err(format!("program {}: unknown kind '{k}'", p.name)),
            };
            ready.insert(p.run.clone(), Ready { exe });
        }
    }
    Ok(ready)
}

/// The Python that runs `py:` programs: `BENCH_PYTHON`, else Debian's (where
/// python3-petsc4py installs), else `python3` on the PATH.
fn python() -> String {
    if let Some(p) = std::env::var_os("BENCH_PYTHON") {
        return p.to_string_lossy().into_owned();
    }
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3".into()
    } else {
        "python3".into()
    }
}

fn base_vars(opts: &Options, work: &Path, out: &Path) -> BTreeMap<String, String> {
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    BTreeMap::from([
        ("root".into(), opts.root.display().to_string()),
        ("work".into(), work.display().to_string()),
        ("out".into(), out.display().to_string()),
        ("cache".into(), format!("{home}/.cache/petsc-rs")),
        ("python".into(), python()),
        (
            "target".into(),
            target_dir(&opts.root).display().to_string(),
        ),
    ])
}

fn execute(words: &[String], dir: &Path) -> Result<Output, String> {
    let start = Instant::now();
    let out = Command::new(&words[0])
        .args(&words[1..])
        .current_dir(dir)
        .env_remove("PETSC_OPTIONS")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", words[0]))?;
    let wall = start.elapsed().as_secs_f64();
    let mut text = String::from_utf8_lossy(&out.stdout).to_string();
    text.push_str(&String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        let tail: Vec<&str> = text.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "{} failed ({}):\n{}",
            words.join(" "),
            out.status,
            tail.join("\n")
        ));
    }
    Ok(Output { text, wall })
}

/// The value of one metric in one run's output.
fn metric(spec: &str, out: &Output) -> Result<f64, String> {
    if spec == "wall" {
        return Ok(out.wall);
    }
    let event_column = |name: &str, col: usize| -> Result<f64, String> {
        out.text
            .lines()
            .find_map(|l| {
                let f: Vec<&str> = l.split_whitespace().collect();
                (f.first() == Some(&name) && f.len() > col)
                    .then(|| f[col].parse::<f64>().ok())
                    .flatten()
            })
            .ok_or_else(|| format!("no -log_view event {name} in the output"))
    };
    if let Some(names) = spec.strip_prefix("event:") {
        return names.split('+').map(|n| event_column(n.trim(), 3)).sum();
    }
    if let Some(name) = spec.strip_prefix("count:") {
        return event_column(name, 1);
    }
    if let Some(pat) = spec.strip_prefix("re:") {
        let re = Regex::new(pat).map_err(|e| format!("bad pattern {pat}: {e}"))?;
        let caps = re
            .captures(&out.text)
            .ok_or_else(|| format!("no match of '{pat}' in the output"))?;
        let t = caps.get(1).map_or("", |m| m.as_str());
        return t
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("'{t}' (from '{pat}') is not a number"));
    }
    Err(format!("unknown metric kind '{spec}'"))
}

/// What an agreement check reads from one output (None: this program is not checked).
fn agreed(a: &Agree, p: &Program, text: &str) -> Result<Option<String>, String> {
    let pat = p.agree.get(&a.name).unwrap_or(&a.pattern);
    if pat.is_empty() {
        return Ok(None);
    }
    let re = Regex::new(pat).map_err(|e| format!("bad pattern {pat}: {e}"))?;
    let all: Vec<String> = re
        .captures_iter(text)
        .filter_map(|c| c.get(1).map(|m| m.as_str().trim().to_string()))
        .collect();
    if all.is_empty() && a.take != "count" {
        return Err(format!(
            "{}: no match of '{pat}' ({}) in the output",
            p.name, a.name
        ));
    }
    Ok(Some(match a.take.as_str() {
        "first" => all.first().cloned().unwrap_or_default(),
        "sum" => {
            let s: f64 = all.iter().filter_map(|x| x.parse::<f64>().ok()).sum();
            format!("{s}")
        }
        "all" => all.join(" "),
        "count" => all.len().to_string(),
        _ => all.last().cloned().unwrap_or_default(),
    }))
}

/// Whether two agreement readings match: word by word, numbers within `rtol`.
fn same(a: &str, b: &str, rtol: f64) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    wa.len() == wb.len()
        && wa.iter().zip(&wb).all(|(x, y)| {
            if x == y {
                return true;
            }
            match (x.parse::<f64>(), y.parse::<f64>()) {
                (Ok(u), Ok(v)) => (u - v).abs() <= rtol * u.abs().max(v.abs()),
                _ => false,
            }
        })
}

fn needs_met(p: &Program, vars: &BTreeMap<String, String>, root: &Path) -> Result<bool, String> {
    match &p.needs {
        None => Ok(true),
        Some(t) => {
            let cmd = substitute(t, vars)?;
            Ok(Command::new("bash")
                .arg("-c")
                .arg(format!("{cmd} >/dev/null 2>&1"))
                .current_dir(root)
                .status()
                .map(|s| s.success())
                .unwrap_or(false))
        }
    }
}

/// Runs every selected benchmark.
pub fn run_all(opts: &Options, table: &Table) -> Result<Report, String> {
    let mut selected: Vec<&Bench> = table
        .bench
        .iter()
        .filter(|b| opts.names.is_empty() || opts.names.contains(&b.name))
        .collect();
    // The bandwidth figures need the STREAM triad of this machine: measured first.
    let wants_stream =
        !opts.callgrind && selected.iter().any(|b| b.derived.iter().any(|d| d.stream));
    if wants_stream && !selected.iter().any(|b| b.name == "stream") {
        if let Some(s) = table.bench.iter().find(|b| b.name == "stream") {
            selected.insert(0, s);
        }
    }
    let work = opts.out.join("work");
    std::fs::create_dir_all(&work).map_err(|e| format!("cannot create {}: {e}", work.display()))?;
    let work = work
        .canonicalize()
        .map_err(|e| format!("{}: {e}", work.display()))?;
    let ready = build_all(opts, &selected, &work)?;
    let mut report = Report::default();
    for b in selected {
        report.heads.push(Head {
            name: b.name.clone(),
            about: b.about.clone(),
            metrics: b.metrics.clone(),
            derived: b
                .derived
                .iter()
                .map(|d| (d.name.clone(), d.unit.clone(), d.stream))
                .collect(),
        });
        // A failed benchmark is reported and the others still run.
        if let Err(e) = run_bench(opts, b, &ready, &work, &mut report) {
            eprintln!("petsc-bench: {e}");
            report.failures.push(e);
        }
        if b.name == "stream" {
            report.stream_gbs = report
                .rows
                .iter()
                .filter(|r| r.bench == "stream")
                .filter_map(|r| r.derived.get("triad").map(|v| (r.np, *v)))
                .collect();
        }
    }
    Ok(report)
}

fn run_bench(
    opts: &Options,
    b: &Bench,
    ready: &BTreeMap<String, Ready>,
    work: &Path,
    report: &mut Report,
) -> Result<(), String> {
    let cases: Vec<BTreeMap<String, String>> = if opts.smoke {
        let mut c = b.smoke.clone();
        c.entry("label".into()).or_insert_with(|| "smoke".into());
        vec![c]
    } else {
        b.cases.clone()
    };
    let nps = b.nps.clone().unwrap_or_else(|| opts.nps.clone());
    for case in cases {
        let label = case["label"].clone();
        let mut vars = base_vars(opts, work, work);
        vars.extend(case.clone());
        if let Some(prep) = &b.prepare {
            println!("bench: {} {label}: prepare", b.name);
            sh(&substitute(prep, &vars)?, work)?;
        }
        // Programs whose `needs` fail are left out, with a note.
        let mut progs: Vec<&Program> = Vec::new();
        for p in &b.program {
            if needs_met(p, &vars, &opts.root)? {
                progs.push(p);
            } else {
                report.notes.push(format!(
                    "{} {label}: {} skipped (needs: {})",
                    b.name,
                    p.name,
                    p.needs.as_deref().unwrap_or("")
                ));
            }
        }
        if opts.callgrind {
            callgrind_case(b, &progs, ready, &vars, &label, work, report)?;
            continue;
        }
        let first_row = report.rows.len();
        for &np in &nps {
            let mut vars = vars.clone();
            vars.insert("np".into(), np.to_string());
            let progs_np: Vec<&Program> = progs
                .iter()
                .copied()
                .filter(|p| p.nps.as_ref().is_none_or(|v| v.contains(&np)))
                .filter(|p| p.mpi || np == nps[0])
                .collect();
            let mut words: Vec<Vec<String>> = Vec::new();
            for p in &progs_np {
                let r = &ready[&p.run];
                let args = substitute(&p.args, &vars)?;
                let mut w: Vec<String> = Vec::new();
                if p.mpi {
                    w.extend(["mpiexec".into(), "-n".into(), np.to_string()]);
                }
                w.extend(r.exe.iter().cloned());
                w.extend(args.split_whitespace().map(String::from));
                words.push(w);
            }
            let mut values: Vec<BTreeMap<String, Vec<f64>>> = vec![BTreeMap::new(); progs_np.len()];
            let mut readings: Vec<Vec<Option<String>>> = vec![Vec::new(); progs_np.len()];
            // One warm-up run of each (page cache, CPU frequency), then rounds of one run
            // each, every other round in the reverse order (no program always runs first).
            for round in 0..=opts.repeat {
                let order: Vec<usize> = if round % 2 == 0 {
                    (0..progs_np.len()).collect()
                } else {
                    (0..progs_np.len()).rev().collect()
                };
                for k in order {
                    let p = progs_np[k];
                    let out = execute(&words[k], work)
                        .map_err(|e| format!("{} {label} np {np}: {e}", b.name))?;
                    if round == 0 {
                        readings[k] = b
                            .agree
                            .iter()
                            .map(|a| agreed(a, p, &out.text))
                            .collect::<Result<_, _>>()
                            .map_err(|e| format!("{} {label} np {np}: {e}", b.name))?;
                        continue;
                    }
                    for (m, spec) in &p.metrics {
                        let v = metric(spec, &out)
                            .map_err(|e| format!("{} {label} np {np}, {}: {e}", b.name, p.name))?;
                        values[k].entry(m.clone()).or_default().push(v);
                    }
                }
            }
            println!("bench: {} {label} np {np} done", b.name);
            // Agreement: every program against the first one that reads each result.
            let mut agrees = vec![true; progs_np.len()];
            if let Some(check) = &b.check {
                if let Err(e) = sh(&substitute(check, &vars)?, work) {
                    agrees.iter_mut().for_each(|a| *a = false);
                    report
                        .failures
                        .push(format!("{} {label} np {np}: check {e}", b.name));
                }
            }
            for (i, a) in b.agree.iter().enumerate() {
                let reference = (0..progs_np.len())
                    .find_map(|k| readings[k][i].as_ref().map(|v| (k, v.clone())));
                if let Some((r, rv)) = reference {
                    for k in 0..progs_np.len() {
                        if let Some(v) = &readings[k][i] {
                            if !same(&rv, v, a.rtol) {
                                agrees[k] = false;
                                report.failures.push(format!(
                                    "{} {label} np {np}: {} differs: {} printed '{rv}', {} '{v}'",
                                    b.name, a.name, progs_np[r].name, progs_np[k].name
                                ));
                            }
                        }
                    }
                }
            }
            for (k, p) in progs_np.iter().enumerate() {
                let metrics: BTreeMap<String, Stats> = values[k]
                    .iter()
                    .filter_map(|(m, v)| Stats::of(v).map(|s| (m.clone(), s)))
                    .collect();
                let mut dvars = vars.clone();
                for (m, s) in &metrics {
                    dvars.insert(m.clone(), format!("{:e}", s.median));
                }
                let mut derived = BTreeMap::new();
                for d in &b.derived {
                    let v = substitute(&d.expr, &dvars).and_then(|e| eval(&e));
                    match v {
                        Ok(v) => {
                            derived.insert(d.name.clone(), v);
                        }
                        Err(e) => report.notes.push(format!("{} {}: {e}", b.name, p.name)),
                    }
                }
                report.rows.push(Row {
                    bench: b.name.clone(),
                    case: label.clone(),
                    np,
                    program: p.name.clone(),
                    role: p.role,
                    metrics,
                    derived,
                    ratio: None,
                    speedup: None,
                    agrees: agrees[k],
                    instructions: None,
                });
            }
        }
        // Programs run once (no MPI) stand beside ours at every rank count.
        let serial: Vec<Row> = report.rows[first_row..]
            .iter()
            .filter(|r| {
                b.program
                    .iter()
                    .any(|p| p.name == r.program && !p.mpi && r.np == nps[0])
            })
            .cloned()
            .collect();
        for &np in nps.iter().skip(1) {
            for r in &serial {
                let mut r = r.clone();
                // Its rounds are not those of this rank count: no pairs.
                r.metrics.values_mut().for_each(|s| s.runs.clear());
                r.np = np;
                r.program = format!("{} (serial run)", r.program);
                report.rows.push(r);
            }
        }
        report.rows[first_row..].sort_by_key(|r| r.np);
        ratios(b, &mut report.rows[first_row..]);
    }
    Ok(())
}

/// Fills the ratio and speedup columns of one case's rows.
fn ratios(b: &Bench, rows: &mut [Row]) {
    let Some(head) = b.metrics.first() else {
        return;
    };
    let get = |rows: &[Row], np: u32, f: &dyn Fn(&Row) -> bool| -> Option<Stats> {
        rows.iter()
            .find(|r| r.np == np && f(r))
            .and_then(|r| r.metrics.get(head).cloned())
    };
    let snapshot = rows.to_vec();
    for r in rows.iter_mut() {
        let mine = r.metrics.get(head).cloned();
        let c = get(&snapshot, r.np, &|x| x.role == Role::C);
        let ours = get(&snapshot, r.np, &|x| x.role == Role::Ours);
        r.ratio = match (r.role, mine.as_ref()) {
            (Role::Ours, Some(m)) => c.map(|c| paired_ratio(m, &c)),
            (Role::Peer, Some(m)) => ours.map(|o| paired_ratio(m, &o)),
            _ => None,
        };
        let mine = mine.map(|s| s.median);
        if r.np != 1 {
            let one = get(&snapshot, 1, &|x| x.program == r.program).map(|s| s.median);
            r.speedup = match (one, mine) {
                (Some(a), Some(m)) => Some(a / m),
                _ => None,
            };
        }
    }
}

/// `a / b`: the median of the ratios of the runs of one round when both samples are of
/// the same rounds, else the ratio of the medians.
fn paired_ratio(a: &Stats, b: &Stats) -> f64 {
    if !a.runs.is_empty() && a.runs.len() == b.runs.len() {
        let each: Vec<f64> = a.runs.iter().zip(&b.runs).map(|(x, y)| x / y).collect();
        if let Some(m) = crate::median(&each) {
            return m;
        }
    }
    a.median / b.median
}

/// CALLGRIND: each program that counts once at 1 rank under callgrind, instructions
/// of the whole run (or of its `toggle` function).
fn callgrind_case(
    b: &Bench,
    progs: &[&Program],
    ready: &BTreeMap<String, Ready>,
    vars: &BTreeMap<String, String>,
    label: &str,
    work: &Path,
    report: &mut Report,
) -> Result<(), String> {
    let mut vars = vars.clone();
    vars.insert("np".into(), "1".into());
    let mut rows = Vec::new();
    for p in progs {
        if !p.callgrind.unwrap_or(p.role != Role::Peer) {
            continue;
        }
        let mut w: Vec<String> = vec![
            "valgrind".into(),
            "--tool=callgrind".into(),
            format!("--callgrind-out-file={}/cg.out", work.display()),
        ];
        if let Some(t) = &p.toggle {
            w.push(format!("--toggle-collect={t}"));
        }
        w.extend(ready[&p.run].exe.iter().cloned());
        w.extend(
            substitute(&p.args, &vars)?
                .split_whitespace()
                .map(String::from),
        );
        println!("bench: callgrind {} {label}: {}", b.name, p.name);
        let out = execute(&w, work).map_err(|e| format!("{} {label}: {e}", b.name))?;
        let ir = out
            .text
            .lines()
            .filter(|l| l.contains("Collected :"))
            .filter_map(|l| l.split_whitespace().last()?.parse::<f64>().ok())
            .next_back()
            .ok_or_else(|| format!("{} {label}: no callgrind total for {}", b.name, p.name))?;
        rows.push(Row {
            bench: b.name.clone(),
            case: label.to_string(),
            np: 1,
            program: p.name.clone(),
            role: p.role,
            metrics: BTreeMap::new(),
            derived: BTreeMap::new(),
            ratio: None,
            speedup: None,
            agrees: true,
            instructions: Some(ir),
        });
    }
    let c = rows
        .iter()
        .find(|r| r.role == Role::C)
        .and_then(|r| r.instructions);
    for r in &mut rows {
        if r.role == Role::Ours {
            r.ratio = c.zip(r.instructions).map(|(c, m)| m / c);
        }
    }
    report.rows.extend(rows);
    Ok(())
}
