//! `power_grid --case FILE.m --ac` against PYPOWER's `runpf` (Newton, default options):
//! every bus's voltage magnitude to 1e-6 p.u. and angle to 1e-4 degrees, at 1, 2 and 3
//! ranks (case_ACTIVSg70k at 1 and 2), on MATPOWER's case9, case14, case2383wp,
//! case9241pegase, case_ACTIVSg10k and case_ACTIVSg70k and this repository's case of
//! quirks; the Newton iteration counts equal PYPOWER's. PYPOWER's voltages are computed
//! once per case and kept in the test's scratch folder. A case that cannot converge
//! ends with exit status 1 and a message.
//!
//! The cases and PYPOWER come from `ci/matpower-cases.sh` (see `power_cases.rs`); without
//! them the comparisons are skipped.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use petsc::Petsc;
use petsc_tests::{example, manifest_dir, mpiexec, run_example_to_files, Case};

use super::power_cases::need_data;

/// Bus number -> (vm, va_deg), in file order.
type Voltages = BTreeMap<u64, (f64, f64)>;

fn read_csv(path: &Path) -> (Vec<u64>, Voltages) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("bus,vm,va_deg"), "{}", path.display());
    let mut order = Vec::new();
    let mut v = Voltages::new();
    for l in lines {
        let w: Vec<&str> = l.split(',').collect();
        assert_eq!(w.len(), 3, "{}: {l}", path.display());
        let id: u64 = w[0].parse().expect("bus number");
        order.push(id);
        v.insert(id, (w[1].parse().expect("vm"), w[2].parse().expect("va")));
    }
    (order, v)
}

/// PYPOWER's voltages and Newton iterations for `case`, from the scratch folder or
/// computed there once.
fn pypower(py: &Path, case: &Path) -> (PathBuf, usize) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pypower-acpf");
    std::fs::create_dir_all(&dir).unwrap();
    let len = std::fs::metadata(case).map(|m| m.len()).unwrap_or(0);
    let stem = format!("{}-{len}", case.file_stem().unwrap().to_string_lossy());
    let csv = dir.join(format!("{stem}.csv"));
    let its = dir.join(format!("{stem}.iterations"));
    if let Ok(n) = std::fs::read_to_string(&its) {
        if csv.exists() {
            return (csv, n.trim().parse().expect("iterations"));
        }
    }
    let tmp = dir.join(format!("{stem}.{}.csv", std::process::id()));
    let out = Command::new(py)
        .arg(manifest_dir().join("../ci/pypower_acpf.py"))
        .arg(case)
        .arg(&tmp)
        .output()
        .expect("run python");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "pypower_acpf.py {}: {text}{}",
        case.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains("converged 1"),
        "PYPOWER did not converge: {text}"
    );
    let n: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("iterations "))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no iteration count from PYPOWER: {text}"));
    std::fs::rename(&tmp, &csv).unwrap();
    std::fs::write(&its, n.to_string()).unwrap();
    (csv, n)
}

/// The iteration count of power_grid's report.
fn iterations(out: &str) -> usize {
    let line = out
        .lines()
        .find(|l| l.starts_with("power flow: converged in "))
        .unwrap_or_else(|| panic!("no convergence line:\n{out}"));
    line["power flow: converged in ".len()..]
        .split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no iteration count: {line}"))
}

/// `case` at each of `ranks` against PYPOWER.
fn check(case: &Path, ranks: &[usize]) {
    let Some((_, py)) = need_data() else { return };
    let name = case.file_stem().unwrap().to_string_lossy().into_owned();
    let t = Instant::now();
    let (want_csv, want_its) = pypower(py, case);
    let py_seconds = t.elapsed().as_secs_f64();
    let (order, want) = read_csv(&want_csv);
    let path = case.to_string_lossy().into_owned();
    for &n in ranks {
        let csv =
            std::env::temp_dir().join(format!("petsc-rs-ac-{name}-{n}-{}.csv", std::process::id()));
        let c = csv.to_string_lossy().into_owned();
        let t = Instant::now();
        let out = run_example_to_files(
            "power_grid",
            n,
            &["--case", &path, "--ac", "--out-buses", &c],
        );
        let seconds = t.elapsed().as_secs_f64();
        let what = format!("{name} on {n} rank{}", if n == 1 { "" } else { "s" });
        assert!(
            out.contains("check: the mismatch recomputed"),
            "{what}:\n{out}"
        );
        assert_eq!(
            iterations(&out),
            want_its,
            "{what}: Newton iterations here and in PYPOWER\n{out}"
        );
        let (got_order, got) = read_csv(&csv);
        let _ = std::fs::remove_file(&csv);
        assert_eq!(
            got_order, order,
            "{what}: not the same buses in the same order"
        );
        let (mut dvm, mut dva) = (0.0f64, 0.0f64);
        for (id, &(vm, va)) in &want {
            let (gm, ga) = got[id];
            let da = (ga - va).abs();
            let da = da.min(360.0 - da);
            assert!(
                (gm - vm).abs() <= 1e-6,
                "{what}: bus {id}: Vm {gm} here, {vm} in PYPOWER"
            );
            assert!(
                da <= 1e-4,
                "{what}: bus {id}: Va {ga} deg here, {va} in PYPOWER"
            );
            dvm = dvm.max((gm - vm).abs());
            dva = dva.max(da);
        }
        println!(
            "    {what}: {} buses, {want_its} iterations as PYPOWER, max |dVm| {dvm:.1e} p.u., \
             max |dVa| {dva:.1e} deg ({seconds:.1} s; PYPOWER {py_seconds:.1} s or cached)",
            want.len()
        );
    }
}

fn matpower_case(name: &str) -> Option<PathBuf> {
    need_data().map(|(dir, _)| dir.join(format!("{name}.m")))
}

fn small(_: &Petsc) -> petsc::Result<()> {
    for name in ["case9", "case14"] {
        if let Some(p) = matpower_case(name) {
            check(&p, &[1, 2, 3]);
        }
    }
    Ok(())
}

fn quirks(_: &Petsc) -> petsc::Result<()> {
    if need_data().is_some() {
        check(&manifest_dir().join("data/case_quirks.m"), &[1, 2, 3]);
    }
    Ok(())
}

fn case2383wp(_: &Petsc) -> petsc::Result<()> {
    if let Some(p) = matpower_case("case2383wp") {
        check(&p, &[1, 2, 3]);
    }
    Ok(())
}

fn case9241pegase(_: &Petsc) -> petsc::Result<()> {
    if let Some(p) = matpower_case("case9241pegase") {
        check(&p, &[1, 2, 3]);
    }
    Ok(())
}

fn activsg10k(_: &Petsc) -> petsc::Result<()> {
    if let Some(p) = matpower_case("case_ACTIVSg10k") {
        check(&p, &[1, 2, 3]);
    }
    Ok(())
}

fn activsg70k(_: &Petsc) -> petsc::Result<()> {
    if let Some(p) = matpower_case("case_ACTIVSg70k") {
        check(&p, &[1, 2]);
    }
    Ok(())
}

/// Too few iterations: exit status 1 and a message saying so, on every rank count.
fn not_converged(_: &Petsc) -> petsc::Result<()> {
    let Some(p) = matpower_case("case9") else {
        return Ok(());
    };
    let path = p.to_string_lossy().into_owned();
    for n in [1, 2] {
        let out = mpiexec(
            n,
            &example("power_grid"),
            &["--case", &path, "--ac", "--pf-max-it", "2"],
        );
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(
            text.contains("did not converge in 2 Newton iterations"),
            "{text}"
        );
    }
    // Flags of the DC power flow are refused with --ac.
    let out = mpiexec(
        1,
        &example("power_grid"),
        &["--case", &path, "--ac", "--n-1"],
    );
    assert_eq!(out.status.code(), Some(2));
    Ok(())
}

pub fn cases() -> Vec<Case> {
    vec![
        Case::new("power_ac_small", small),
        Case::new("power_ac_quirks", quirks),
        Case::new("power_ac_case2383wp", case2383wp),
        Case::new("power_ac_case9241pegase", case9241pegase),
        Case::new("power_ac_activsg10k", activsg10k),
        Case::new("power_ac_activsg70k", activsg70k),
        Case::new("power_ac_not_converged", not_converged),
    ]
}
