//! Test support for petsc-rs: a sequential runner for cases that share one PETSc
//! initialization (PETSc starts once per process), multi-rank runs of the same cases
//! under `mpiexec`, and access to the example binaries.
//!
//! A test binary sets `harness = false` and calls [`run_modules`] (or [`run`]) from
//! `main`; each of its modules (one file each, the test files of an area) lists its cases:
//!
//! ```no_run
//! use petsc_tests::{run_modules, Case};
//! mod vec {
//!     use petsc_tests::Case;
//!     fn sums(petsc: &petsc::Petsc) -> petsc::Result<()> {
//!         let mut x = petsc::Vector::new_mpi(&petsc.world(), None, Some(4))?;
//!         x.set(1.0)?;
//!         assert_eq!(x.sum()?, petsc::Scalar::from(4.0));
//!         Ok(())
//!     }
//!     pub fn cases() -> Vec<Case> {
//!         vec![Case::new("sums", sums).ranks(&[1, 2, 3])]
//!     }
//! }
//! fn main() {
//!     run_modules(&[("vec", vec::cases)]);
//! }
//! ```
//!
//! Each case (`vec::sums`) runs in this process (one rank); a case with `ranks` is also
//! run under `mpiexec -n k` for each `k > 1`, by starting this same binary with
//! `--exact vec::sums`; batched cases ([`Case::batched`], a ported suite's many small
//! ones) run at `k` ranks all in one job instead. The filter `vec::` runs one module's
//! cases. The closing line has libtest's form (`test result: ok. N passed; M failed; ...`).
//!
//! Skips are reported, never passed: a case that needs what this PETSc lacks
//! ([`Case::requires`]) or skips itself ([`skip_case`]) is counted as ignored, with its
//! reason, and so is each part a case skips ([`skip`]). `PETSC_RS_EXPECTED_SKIPS` names a
//! configuration of `ci/expected-skips` (as `ci/test.sh` sets it); then a skip not listed
//! there fails its case.

#![warn(missing_docs)]

pub mod failing_pc;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use petsc::Petsc;

/// A test body: gets the shared runtime; returns `Err` or panics to fail.
pub type Body = fn(&Petsc) -> petsc::Result<()>;

/// A case's body as [`Case::with`] takes it.
type CaseFn = dyn Fn(&Petsc) -> petsc::Result<()>;

/// One named test case.
#[derive(Clone)]
pub struct Case {
    module: &'static str,
    name: std::borrow::Cow<'static, str>,
    body: std::rc::Rc<CaseFn>,
    process: Option<fn()>,
    ranks: &'static [usize],
    missing: Option<&'static str>,
    missing_parallel: Option<&'static str>,
    /// How an inapplicable case is reported ("not in Rust", "skipped by petsc4py").
    inapplicable: Option<&'static str>,
    batched: bool,
}

impl Case {
    /// A case run on one rank.
    pub fn new(name: &'static str, body: Body) -> Case {
        Case::with(name, body)
    }

    /// A case run on one rank whose name is made at run time and whose body is a
    /// closure: the variations of a parametrized test (one case per matrix type and
    /// block size, say), each named after its variation (`TestMatSeqAIJ_B2::testZeroRows`).
    /// Names must be the same in every run of the binary (the multi-rank runs select the
    /// case by name).
    pub fn with(
        name: impl Into<std::borrow::Cow<'static, str>>,
        body: impl Fn(&Petsc) -> petsc::Result<()> + 'static,
    ) -> Case {
        Case {
            module: "",
            name: name.into(),
            body: std::rc::Rc::new(body),
            process: None,
            ranks: &[1],
            missing: None,
            missing_parallel: None,
            inapplicable: None,
            batched: false,
        }
    }

    /// A case that needs a process of its own (it initializes MPI or PETSc itself, or
    /// checks what happens at finalization): the harness starts this binary again under
    /// `mpiexec -n 1` with `--exact NAME`, and there `main` runs before anything
    /// initializes PETSc. It fails by panicking or exiting non-zero.
    pub fn process(name: &'static str, main: fn()) -> Case {
        fn nothing(_: &Petsc) -> petsc::Result<()> {
            Ok(())
        }
        Case {
            process: Some(main),
            ..Case::new(name, nothing)
        }
    }

    /// Also runs the case under `mpiexec -n k` for each `k` greater than 1.
    pub fn ranks(mut self, ranks: &'static [usize]) -> Case {
        self.ranks = ranks;
        self
    }

    /// Runs the case only if `have` (a package of the PETSc found, such as
    /// `cfg!(petsc_have_hdf5)`); otherwise it is reported as ignored, with `what` it
    /// needs, and counted among the ignored, not the passed.
    pub fn requires(mut self, have: bool, what: &'static str) -> Case {
        if !have {
            self.missing = Some(what);
        }
        self
    }

    /// A case of a ported test suite (petsc4py's) that cannot apply to Rust at all (it
    /// tests Python's own protocol: pickling, buffer interfaces, keyword arguments):
    /// reported as ignored, with `why`, in every configuration (so it needs no line in
    /// `ci/expected-skips`), and never counted as passed.
    pub fn not_in_rust(name: impl Into<std::borrow::Cow<'static, str>>, why: &'static str) -> Case {
        Case::inapplicable(name, "not in Rust", why)
    }

    /// A case of a ported test suite that the suite itself skips (a test class that
    /// overrides the method with `pass`): reported as ignored, with `why`, in every
    /// configuration, and never counted as passed.
    pub fn skipped_by_petsc4py(
        name: impl Into<std::borrow::Cow<'static, str>>,
        why: &'static str,
    ) -> Case {
        Case::inapplicable(name, "skipped by petsc4py", why)
    }

    fn inapplicable(
        name: impl Into<std::borrow::Cow<'static, str>>,
        label: &'static str,
        why: &'static str,
    ) -> Case {
        fn nothing(_: &Petsc) -> petsc::Result<()> {
            Ok(())
        }
        Case {
            missing: Some(why),
            inapplicable: Some(label),
            ..Case::with(name, nothing)
        }
    }

    /// Runs the case's runs at more ranks ([`Case::ranks`]) together with the other
    /// batched cases of the run: one `mpiexec` job per rank count runs them one after
    /// another (PETSc started once), agreeing after each on its outcome. For the many
    /// small cases of a ported suite, whose cases leave no state behind; a case that
    /// its batch did not report (a crash, a hang, a leak) runs alone.
    pub fn batched(mut self) -> Case {
        self.batched = true;
        self
    }

    /// Runs the case's runs on more than one rank only if `have` (for example a parallel
    /// direct solver); otherwise they are reported as ignored, with `what` they need, on
    /// a line of their own and counted among the ignored, while the one-rank run counts
    /// as passed or failed as usual.
    pub fn parallel_requires(mut self, have: bool, what: &'static str) -> Case {
        if !have {
            self.missing_parallel = Some(what);
        }
        self
    }

    /// The case's name as the command line selects it: `module::name` in a binary of
    /// several modules ([`run_modules`]), else `name`.
    pub fn full_name(&self) -> String {
        if self.module.is_empty() {
            self.name.to_string()
        } else {
            format!("{}::{}", self.module, self.name)
        }
    }
}

impl std::fmt::Debug for Case {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Case")
            .field("name", &self.full_name())
            .field("ranks", &self.ranks)
            .field("missing", &self.missing)
            .field("missing_parallel", &self.missing_parallel)
            .finish_non_exhaustive()
    }
}

/// Stands in for the cases of a module that cannot apply to the PETSc found (for example
/// TAO on a complex build): one case, `all`, reported as ignored with `why`.
pub fn skip_module(why: &'static str) -> Vec<Case> {
    fn nothing(_: &Petsc) -> petsc::Result<()> {
        Ok(())
    }
    vec![Case::new("all", nothing).requires(false, why)]
}

thread_local! {
    /// What the running case skipped (see [`skip`]).
    static SKIPPED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Skips a part of the running case that cannot run here (`why`, which starts with what
/// is skipped: "the comparison: no PETSc examples for ..."): prints a line saying so, and
/// the harness reports the case's skipped parts as ignored, beside its own result.
pub fn skip(why: impl std::fmt::Display) {
    let why = why.to_string();
    println!("    skipping {why}");
    SKIPPED.with(|s| s.borrow_mut().push(why));
}

/// Skips the whole running case (`why` says what it lacks); the case then returns
/// `Ok(())` at once, and the harness reports it as ignored, not as passed.
pub fn skip_case(why: impl std::fmt::Display) {
    skip(format!("{WHOLE_CASE}{why}"));
}

/// How a skip of a whole case ([`skip_case`]) starts.
const WHOLE_CASE: &str = "the case: ";

/// The configuration whose expected skips apply (`PETSC_RS_EXPECTED_SKIPS`, such as
/// `real-3.18` or `complex`, as `ci/test.sh` and `ci/variants.sh` set it), and the
/// patterns `ci/expected-skips` allows there. `None` when the variable is unset or
/// empty: then every skip is allowed (and still reported).
fn expected_skips() -> Option<&'static (String, Vec<String>)> {
    static EXPECTED: OnceLock<Option<(String, Vec<String>)>> = OnceLock::new();
    EXPECTED
        .get_or_init(|| {
            let variant = std::env::var("PETSC_RS_EXPECTED_SKIPS")
                .ok()
                .filter(|v| !v.is_empty())?;
            let file = std::env::var_os("PETSC_RS_EXPECTED_SKIPS_FILE")
                .map(PathBuf::from)
                .unwrap_or_else(|| manifest_dir().join("../ci/expected-skips"));
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("PETSC_RS_EXPECTED_SKIPS: {}: {e}", file.display()));
            let mut variants = vec![variant.as_str()];
            if heap_checked() {
                variants.push("checked-heap");
            }
            let patterns = skip_patterns(&text, &variants)
                .into_iter()
                .map(str::to_string)
                .collect();
            Some((variant, patterns))
        })
        .as_ref()
}

/// The tests that the lines of an expected-skips file (`configurations test why`) allow
/// to skip in any of `variants`.
fn skip_patterns<'a>(text: &'a str, variants: &[&str]) -> Vec<&'a str> {
    text.lines()
        .filter_map(|l| {
            let mut words = l.split('#').next().unwrap_or("").split_whitespace();
            let (v, pattern) = (words.next()?, words.next()?);
            v.split(',')
                .any(|v| v == "*" || variants.contains(&v))
                .then_some(pattern)
        })
        .collect()
}

/// Whether test `name` matches one of `patterns` (a name, or a prefix ending in `*`).
fn skip_listed(patterns: &[impl AsRef<str>], name: &str) -> bool {
    patterns.iter().any(|p| match p.as_ref().strip_suffix('*') {
        Some(prefix) => name.starts_with(prefix),
        None => name == p.as_ref(),
    })
}

/// `Err` naming the configuration when `ci/expected-skips` does not allow case `name` to
/// skip (`what`) there ([`expected_skips`]).
fn check_skip(name: &str, what: &str) -> Result<(), String> {
    let Some((variant, patterns)) = expected_skips() else {
        return Ok(());
    };
    if skip_listed(patterns, name) {
        Ok(())
    } else {
        Err(format!(
            "skipped ({what}), which ci/expected-skips does not allow for \
             PETSC_RS_EXPECTED_SKIPS={variant}"
        ))
    }
}

/// Why `ranks` processes would crawl here, if they would: MPICH (ch4) waits for messages
/// by polling without yielding, so with more ranks than cores each message waits for the
/// scheduler to run its receiver (about 5 ms, against microseconds): a case that sends
/// tens of thousands of messages takes many minutes. Open MPI yields when oversubscribed.
pub fn crawls_at(ranks: usize) -> Option<String> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mpich = std::env::var_os("PMI_SIZE").is_some()
        && std::env::var_os("OMPI_COMM_WORLD_SIZE").is_none()
        || !under_mpiexec() && launcher().contains("mpich");
    (mpich && ranks > cores).then(|| {
        format!("{ranks} ranks on {cores} cores under MPICH, which polls without yielding")
    })
}

/// Whether this process was started by `mpiexec` (OpenMPI or MPICH).
pub fn under_mpiexec() -> bool {
    ["OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"]
        .iter()
        .any(|v| std::env::var_os(v).is_some())
}

/// The cases of one module of a test binary: its name (the test file it was, such as
/// `ksp`) and the function that lists its cases.
pub type Module = (&'static str, fn() -> Vec<Case>);

/// Runs the cases of several modules, each case named `module::name` ([`run`] does the
/// rest). A filter that ends in `::` selects one module's cases (`ksp::`, and not
/// `snes_ksp::`); `ci/test-files.sh` runs each module as a "test file" of its own.
pub fn run_modules(modules: &[Module]) -> ! {
    let cases: Vec<Case> = modules
        .iter()
        .flat_map(|&(module, cases)| cases().into_iter().map(move |c| Case { module, ..c }))
        .collect();
    run(&cases)
}

/// [`run_modules`] with every case [`Case::batched`]: for a ported suite's many small
/// cases.
pub fn run_modules_batched(modules: &[Module]) -> ! {
    let cases: Vec<Case> = modules
        .iter()
        .flat_map(|&(module, cases)| {
            cases()
                .into_iter()
                .map(move |c| Case { module, ..c }.batched())
        })
        .collect();
    run(&cases)
}

/// Whether case `name` is selected by filter `f`: equal with `--exact`; else a filter that
/// ends in `::` (a module) is a prefix of the name, and any other a substring, as in libtest.
fn selects(name: &str, f: &str, exact: bool) -> bool {
    if exact {
        name == f
    } else if f.ends_with("::") {
        name.starts_with(f)
    } else {
        name.contains(f)
    }
}

/// Runs the cases selected by the command line and exits with the result.
///
/// Understands libtest's and nextest's arguments: a substring filter (or a module,
/// `ksp::`), `--exact`, `--list` (with `--format terse`), `--ignored` (runs nothing);
/// other `--flags` are ignored. PETSc options come from `PETSC_OPTIONS`.
///
/// A skip (a case that [`Case::requires`] what this PETSc lacks, runs on more ranks that
/// [`Case::parallel_requires`] it, or parts of a case that call [`skip`] or
/// [`skip_case`]) is reported as ignored with its reason; with `PETSC_RS_EXPECTED_SKIPS`
/// set, one that `ci/expected-skips` does not allow there fails the case.
pub fn run(cases: &[Case]) -> ! {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let exact = args.iter().any(|a| a == "--exact");
    let list = args.iter().any(|a| a == "--list");
    let ignored = args.iter().any(|a| a == "--ignored");
    let batch_file = args
        .iter()
        .position(|a| a == "--batch-file")
        .and_then(|i| args.get(i + 1))
        .cloned();
    let filters: Vec<&str> = args
        .iter()
        .filter(|a| !a.starts_with("--") && Some(*a) != batch_file.as_ref())
        .filter(|a| !matches!(a.as_str(), "terse" | "json" | "pretty"))
        .map(String::as_str)
        .collect();
    let selected: Vec<(String, &Case)> = cases
        .iter()
        .map(|c| (c.full_name(), c))
        .filter(|(name, _)| filters.is_empty() || filters.iter().any(|f| selects(name, f, exact)))
        .collect();
    if list {
        if !ignored {
            for (name, _) in &selected {
                println!("{name}: test");
            }
        }
        std::process::exit(0);
    }
    let filtered_out = cases.len() - selected.len();
    let selected = if ignored { Vec::new() } else { selected };
    let mpi_child = under_mpiexec();
    // A run of named cases that names none (a case renamed, or named without its module)
    // would pass without running anything.
    if exact && mpi_child && !ignored && selected.is_empty() {
        eprintln!("no case named {}", filters.join(" or "));
        std::process::exit(101);
    }
    // A case of its own process, started by its parent: runs before PETSc is initialized.
    if let ([(_, case)], true, true) = (&selected[..], mpi_child, exact) {
        if let Some(main) = case.process {
            main();
            std::process::exit(0);
        }
    }

    let petsc = match Petsc::builder().args(["petsc-tests"]).init() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("PETSc initialization failed: {e}");
            std::process::exit(101);
        }
    };
    let rank = petsc.world().rank();
    if !mpi_child {
        println!("\nrunning {} tests", selected.len());
    }
    // A batch of cases at several ranks, started by its parent (see `run_batches`).
    if let (Some(file), true) = (&batch_file, mpi_child) {
        run_batch_child(&petsc, cases, file);
        drop(petsc);
        std::process::exit(0);
    }
    let (mut passed, mut failed, mut ignored) = (0usize, Vec::new(), 0usize);
    let all_start = Instant::now();
    // The cases run together at more ranks, once the one-rank runs are done: their
    // results wait for those runs, and are reported then.
    let mut waiting: Vec<FirstRun> = Vec::new();
    for (name, case) in &selected {
        let name = name.as_str();
        if let Some(what) = case.missing {
            if mpi_child {
                continue;
            }
            if let Some(label) = case.inapplicable {
                ignored += 1;
                println!("test {name} ... ignored, {label}: {what}");
                continue;
            }
            match check_skip(name, &format!("needs {what}")) {
                Ok(()) => {
                    ignored += 1;
                    println!("test {name} ... ignored, needs {what}");
                }
                Err(e) => {
                    println!("test {name} ... FAILED\n  {e}");
                    failed.push(name.to_string());
                }
            }
            continue;
        }
        let start = Instant::now();
        SKIPPED.with(|s| s.borrow_mut().clear());
        let outcome = match case.process {
            Some(_) if !mpi_child => run_under_mpiexec(name, 1).map(|parts| {
                SKIPPED.with(|s| s.borrow_mut().extend(parts));
            }),
            _ => run_one(&petsc, case),
        };
        let skipped = SKIPPED.with(|s| std::mem::take(&mut *s.borrow_mut()));
        let first = FirstRun {
            name: name.to_string(),
            case,
            outcome,
            skipped,
            took: start.elapsed(),
        };
        // A case of its own process runs alone at every rank count.
        if case.batched && case.process.is_none() && !mpi_child {
            waiting.push(first);
        } else {
            let result = finish_case(first, mpi_child, &mut |n| (n, run_under_mpiexec(name, n)));
            result.count(rank, mpi_child, &mut passed, &mut failed, &mut ignored);
        }
    }
    if !waiting.is_empty() {
        let mut batches = run_batches(&waiting);
        for first in waiting {
            let name = first.name.clone();
            let result = finish_case(first, mpi_child, &mut |n| {
                match batches.remove(&(name.clone(), n)) {
                    Some(r) => (n, r),
                    // Not reported by its batch (the batch crashed or timed out
                    // before it): run alone.
                    None => (n, run_under_mpiexec(&name, n)),
                }
            });
            result.count(rank, mpi_child, &mut passed, &mut failed, &mut ignored);
        }
    }
    drop(petsc);
    if !mpi_child {
        if !failed.is_empty() {
            println!("\nfailures:");
            for f in &failed {
                println!("    {f}");
            }
        }
        println!(
            "\ntest result: {}. {} passed; {} failed; {} ignored; 0 measured; {} filtered out; \
             finished in {:.2}s\n",
            if failed.is_empty() { "ok" } else { "FAILED" },
            passed,
            failed.len(),
            ignored,
            filtered_out,
            all_start.elapsed().as_secs_f64()
        );
    }
    std::process::exit(if failed.is_empty() { 0 } else { 101 });
}

/// A case's run in this process (one rank), before its runs at more ranks.
struct FirstRun<'a> {
    name: String,
    case: &'a Case,
    outcome: Result<(), String>,
    skipped: Vec<String>,
    took: Duration,
}

/// A case's result, all its runs done.
struct CaseResult {
    name: String,
    outcome: Result<(), String>,
    skipped: Vec<String>,
    skipped_ranks: Vec<String>,
    missing_parallel: Option<&'static str>,
    took: Duration,
}

/// Completes a case after its one-rank run: its runs at more ranks (`at(n)` gives the
/// outcome at `n` ranks, with what those ranks skipped), then the check of its skips.
fn finish_case(
    first: FirstRun<'_>,
    mpi_child: bool,
    at: &mut dyn FnMut(usize) -> (usize, Result<Vec<String>, String>),
) -> CaseResult {
    let FirstRun {
        name,
        case,
        mut outcome,
        mut skipped,
        took,
    } = first;
    let start = Instant::now();
    let mut skipped_ranks = Vec::new();
    if outcome.is_ok() && !mpi_child {
        for &n in case.ranks.iter().filter(|&&n| n > 1) {
            if case.missing_parallel.is_some() {
                skipped_ranks.push(n.to_string());
                continue;
            }
            match at(n) {
                (n, Ok(parts)) => {
                    skipped.extend(parts.into_iter().map(|p| format!("{p} ({n} ranks)")))
                }
                (n, Err(e)) => {
                    outcome = Err(format!("under mpiexec -n {n}: {e}"));
                    break;
                }
            }
        }
    }
    // Every skip must be one the configuration expects.
    if outcome.is_ok() && !mpi_child {
        let mut skips: Vec<String> = skipped.clone();
        if let (Some(what), false) = (case.missing_parallel, skipped_ranks.is_empty()) {
            skips.push(format!(
                "at {} ranks: needs {what}",
                skipped_ranks.join(", ")
            ));
        }
        if let Some(e) = skips.iter().find_map(|s| check_skip(&name, s).err()) {
            outcome = Err(e);
        }
    }
    CaseResult {
        name,
        outcome,
        skipped,
        skipped_ranks,
        missing_parallel: case.missing_parallel,
        took: took + start.elapsed(),
    }
}

impl CaseResult {
    /// Prints the result (on rank 0 of a parent run) and counts it.
    fn count(
        self,
        rank: i32,
        mpi_child: bool,
        passed: &mut usize,
        failed: &mut Vec<String>,
        ignored: &mut usize,
    ) {
        let CaseResult {
            name,
            outcome,
            skipped,
            skipped_ranks,
            missing_parallel,
            took,
        } = self;
        let whole = skipped.iter().any(|s| s.starts_with(WHOLE_CASE));
        let loud = rank == 0 && !mpi_child;
        match outcome {
            Ok(()) => {
                if whole {
                    *ignored += 1;
                } else {
                    *passed += 1;
                }
                let took = took.as_secs_f64();
                if loud && whole {
                    println!(
                        "test {name} ... ignored, skipped: {} <{took:.3}s>",
                        skipped.join("; ")
                    );
                } else if loud {
                    println!("test {name} ... ok <{took:.3}s>");
                }
                // Skipped parts and multi-rank runs: each an ignored line of its own.
                let mut parts = Vec::new();
                if !skipped.is_empty() && !whole {
                    parts.push(format!(
                        "test {name} (skipped parts) ... ignored: {}",
                        skipped.join("; ")
                    ));
                }
                if let (Some(what), false) = (missing_parallel, skipped_ranks.is_empty()) {
                    parts.push(format!(
                        "test {name} at {} ranks ... ignored, needs {what}",
                        skipped_ranks.join(", ")
                    ));
                }
                *ignored += parts.len();
                if loud {
                    for line in parts {
                        println!("{line}");
                    }
                }
            }
            Err(msg) => {
                println!("test {name} ... FAILED (rank {rank})\n  {msg}");
                failed.push(name);
            }
        }
    }
}

/// How a batch child reports a case: `BATCH_MARK name outcome...` on one line.
const BATCH_MARK: &str = "petsc-tests-batch:";

/// Runs the cases of `waiting` that passed on one rank and run at more, one `mpiexec`
/// job per rank count for all of them (starting MPI and PETSc once, not once a case):
/// the outcome of each case at each rank count, by name. A case the job did not report
/// (it crashed, hung or leaked) is missing from the answer, and is then run alone.
fn run_batches(
    waiting: &[FirstRun<'_>],
) -> std::collections::HashMap<(String, usize), Result<Vec<String>, String>> {
    let mut results = std::collections::HashMap::new();
    let mut counts: Vec<usize> = waiting
        .iter()
        .filter(|w| w.outcome.is_ok() && w.case.missing_parallel.is_none())
        .flat_map(|w| w.case.ranks.iter().copied().filter(|&n| n > 1))
        .collect();
    counts.sort_unstable();
    counts.dedup();
    let Ok(exe) = std::env::current_exe() else {
        return results;
    };
    for n in counts {
        let names: Vec<&str> = waiting
            .iter()
            .filter(|w| w.outcome.is_ok() && w.case.missing_parallel.is_none())
            .filter(|w| w.case.ranks.contains(&n))
            .map(|w| w.name.as_str())
            .collect();
        let list =
            std::env::temp_dir().join(format!("petsc-tests-batch-{}-{n}.txt", std::process::id()));
        if std::fs::write(&list, names.join("\n")).is_err() {
            continue;
        }
        let out = mpiexec(n, &exe, &["--batch-file", &list.to_string_lossy()]);
        let _ = std::fs::remove_file(&list);
        let text = String::from_utf8_lossy(&out.stdout);
        let all = format!("{text}{}", String::from_utf8_lossy(&out.stderr));
        // Leaks cannot be told apart in a batch: its cases run alone.
        if !leak_lines(&all).is_empty() {
            continue;
        }
        let mut done: std::collections::HashMap<&str, Result<Vec<String>, String>> =
            std::collections::HashMap::new();
        let mut finished = Vec::new();
        for line in text.lines() {
            let Some(rest) = line.strip_prefix(BATCH_MARK) else {
                continue;
            };
            let mut words = rest.trim_start().splitn(3, ' ');
            let (Some(name), Some(what)) = (words.next(), words.next()) else {
                continue;
            };
            let detail = words.next().unwrap_or("").to_string();
            let Some(name) = names.iter().copied().find(|n| *n == name) else {
                continue;
            };
            let entry = done.entry(name).or_insert(Ok(Vec::new()));
            match what {
                "skipped" => {
                    if let Ok(parts) = entry {
                        if !parts.contains(&detail) {
                            parts.push(detail);
                        }
                    }
                }
                "failed" => {
                    let msg = detail.replace(" \u{1f} ", "\n");
                    match entry {
                        Err(e) => e.push_str(&format!("\n{msg}")),
                        Ok(_) => *entry = Err(msg),
                    }
                }
                "done" => finished.push(name),
                _ => {}
            }
        }
        for name in finished {
            if let Some(r) = done.remove(name) {
                results.insert((name.to_string(), n), r);
            }
        }
    }
    results
}

/// The child of [`run_batches`]: runs the cases named in `file` one after another on
/// every rank, agreeing after each on whether it passed on every rank (so that a case
/// failing on one rank only does not leave the others in its collectives' successors),
/// and reports each on its own lines.
fn run_batch_child(petsc: &Petsc, cases: &[Case], file: &str) {
    let names = std::fs::read_to_string(file).unwrap_or_default();
    let world = petsc.world();
    let rank = world.rank();
    for name in names.lines().filter(|l| !l.is_empty()) {
        let Some(case) = cases.iter().find(|c| c.full_name() == name) else {
            continue;
        };
        SKIPPED.with(|s| s.borrow_mut().clear());
        let outcome = run_one(petsc, case);
        for why in SKIPPED.with(|s| std::mem::take(&mut *s.borrow_mut())) {
            println!("{BATCH_MARK} {name} skipped {why}");
        }
        if let Err(e) = &outcome {
            println!(
                "{BATCH_MARK} {name} failed (rank {rank}) {}",
                e.replace('\n', " \u{1f} ")
            );
        }
        match world.all(outcome.is_ok()) {
            Ok(_) if rank == 0 => println!("{BATCH_MARK} {name} done"),
            Ok(_) => {}
            Err(e) => {
                println!("{BATCH_MARK} {name} failed (rank {rank}) the ranks' agreement: {e}");
                return;
            }
        }
        use std::io::Write;
        let _ = std::io::stdout().flush();
    }
}

fn run_one(petsc: &Petsc, case: &Case) -> Result<(), String> {
    let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (case.body)(petsc)));
    let leftover = petsc::take_destroy_failures();
    match r {
        Ok(Ok(())) if leftover.is_empty() => Ok(()),
        Ok(Ok(())) => Err(format!("objects failed to destroy: {leftover:?}")),
        Ok(Err(e)) => Err(format!("returned Err: {e}")),
        Err(p) => Err(format!(
            "panicked: {}",
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        )),
    }
}

/// Runs case `name` under `mpiexec -n n`; on success, what its ranks skipped (each part
/// once, however many ranks skipped it).
fn run_under_mpiexec(name: &str, n: usize) -> Result<Vec<String>, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = mpiexec(n, &exe, &["--exact", name]);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let leaks = leak_lines(&text);
    if !leaks.is_empty() {
        return Err(format!(
            "PETSc reports unfreed memory:\n{}",
            leaks.join("\n")
        ));
    }
    if out.status.success() {
        let mut parts: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter_map(|l| l.strip_prefix("    skipping "))
            .map(str::to_string)
            .collect();
        parts.sort();
        parts.dedup();
        Ok(parts)
    } else {
        Err(format!(
            "exit {:?}\n{}{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// Runs this test binary again at `n` ranks with `args` (a child mode that prints
/// `done` when it succeeds) under `-malloc_debug -malloc_dump`, and asserts that it
/// succeeded, printed `done` and that PETSc reported nothing left at `PetscFinalize`.
pub fn assert_child_frees_everything(n: usize, args: &[&str], done: &str) {
    let (ok, text) = rerun_self(n, args, "-malloc_debug -malloc_dump");
    assert!(ok, "{n} ranks, {args:?}: {text}");
    assert!(text.contains(done), "{n} ranks, {args:?}: {text}");
    let leaks = leak_lines(&text);
    assert!(
        leaks.is_empty(),
        "{n} ranks, {args:?}: unfreed memory:\n{}",
        leaks.join("\n")
    );
}

/// The lines in which PETSc reports memory still allocated at `PetscFinalize`
/// (`-malloc_dump`: `[ 0] 16 bytes PetscStrallocpy() at ./src/sys/utils/str.c:203`) or a
/// corrupted heap (`-malloc_debug`). Empty for a clean run.
///
/// ```
/// let text = "ok\n[ 0] 32 bytes PetscPushErrorHandler() at ./src/sys/error/err.c:120\n";
/// assert_eq!(petsc_tests::leak_lines(text).len(), 1);
/// assert!(petsc_tests::leak_lines("Norm of error 1e-6 iterations 9").is_empty());
/// ```
pub fn leak_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let t = l.trim_start();
            let dump = t.starts_with('[') && t.contains(" bytes ") && t.contains("() at ");
            dump || [
                "Corrupted memory",
                "PetscMallocValidate",
                "Memory not freed",
            ]
            .iter()
            .any(|p| l.contains(p))
        })
        .collect()
}

/// How long a program under `mpiexec` may run before it is killed (a hang is a failure).
pub const MPIEXEC_TIMEOUT: Duration = Duration::from_secs(300);

/// Runs `program args` under `mpiexec -n n` (oversubscribed, allowed as root), killing it
/// after [`MPIEXEC_TIMEOUT`].
pub fn mpiexec(n: usize, program: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(launcher());
    cmd.args(["-n", &n.to_string()]);
    if is_openmpi() {
        cmd.arg("--oversubscribe");
    }
    cmd.arg(program).args(args);
    run_with_timeout(cmd, MPIEXEC_TIMEOUT)
}

/// Runs this test binary again under `mpiexec -n n` with `args` and with
/// `PETSC_OPTIONS` set to `petsc_options` (killed after [`MPIEXEC_TIMEOUT`]): a child
/// process for what must run with other options than the suite's. Returns whether it
/// exited successfully, and its standard output and error together.
pub fn rerun_self(n: usize, args: &[&str], petsc_options: &str) -> (bool, String) {
    let exe = std::env::current_exe().expect("current_exe");
    let mut cmd = Command::new(launcher());
    cmd.args(["-n", &n.to_string()]);
    if is_openmpi() {
        cmd.arg("--oversubscribe");
    }
    cmd.arg(exe).args(args).env("PETSC_OPTIONS", petsc_options);
    let out = run_with_timeout(cmd, MPIEXEC_TIMEOUT);
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// Whether the launcher ([`launcher`]) is Open MPI's.
pub fn is_openmpi() -> bool {
    openmpi_version().is_some()
}

/// The major version of Open MPI when the launcher ([`launcher`]) is Open MPI's (0 when
/// its version line cannot be read), else `None`. Open MPI 5's launcher is PRRTE's, whose
/// own parameters (`plm_ssh_agent`, `oob_tcp_if_include`) are given with `--prtemca`.
pub fn openmpi_version() -> Option<u32> {
    static OPENMPI: OnceLock<Option<u32>> = OnceLock::new();
    *OPENMPI.get_or_init(|| {
        let mut cmd = Command::new(launcher());
        without_launcher_env(&mut cmd);
        let out = cmd.arg("--version").output().ok()?;
        // Open MPI 4.1 prints "mpiexec (OpenRTE) 4.1.4 ... www.open-mpi.org", 5 prints
        // "mpiexec (Open MPI) 5.0.7".
        let text = String::from_utf8_lossy(&out.stdout);
        if !["Open MPI", "OpenRTE", "open-mpi.org"]
            .iter()
            .any(|k| text.contains(k))
        {
            return None;
        }
        let first = text.lines().next().unwrap_or("");
        let major = first
            .split_whitespace()
            .filter_map(|w| w.split('.').next()?.parse::<u32>().ok())
            .next()
            .unwrap_or(0);
        Some(major)
    })
}

/// The MPI launcher: `$MPIEXEC` (for example `mpiexec.mpich` for a PETSc built with
/// MPICH), else `mpiexec`.
pub fn launcher() -> String {
    std::env::var("MPIEXEC")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "mpiexec".to_string())
}

/// Open MPI settings that describe this machine, not a running job: the session base
/// and daemon-less singletons that ci/mpi-session.sh sets for the whole suite (without
/// them, a child started among many fails in `MPI_Init`).
const MPI_SETTINGS: [&str; 2] = [
    "OMPI_MCA_orte_tmpdir_base",
    "OMPI_MCA_ess_singleton_isolated",
];

/// Removes from `cmd`'s environment the variables this process got from its MPI launcher
/// (`OMPI_*`, `PMIX_*`, `PMI_*`, `HYDRA_*`, ...): a child `mpiexec` that inherits them
/// thinks it runs inside a job, and prints or starts nothing. The machine's settings
/// ([`MPI_SETTINGS`]) stay.
pub fn without_launcher_env(cmd: &mut Command) {
    for (k, _) in std::env::vars_os() {
        let k = k.to_string_lossy();
        if [
            "OMPI_", "PMIX_", "PMI_", "OPAL_", "ORTE_", "HYDRA_", "MPIR_",
        ]
        .iter()
        .any(|p| k.starts_with(p))
            && !MPI_SETTINGS.contains(&&*k)
        {
            cmd.env_remove(&*k);
        }
    }
}

/// Runs a command with a time limit, capturing its output; a command that runs too long
/// is killed and reported with exit status failure and a note on stderr.
pub fn run_with_timeout(mut cmd: Command, limit: Duration) -> Output {
    without_launcher_env(&mut cmd);
    // Open MPI's TCP transport pairs each rank's network interfaces with its peers'
    // when a job starts, even between ranks of one machine (which talk through shared
    // memory): Open MPI 5 fails that now and then on a machine whose interfaces change
    // under it ("Unable to find reachable pairing between local and remote
    // interfaces"), ending the job. The tests' jobs run on this machine: the loopback
    // interface, always there, is the one to pair. A job that names its interfaces
    // (the two-host test, with --mca arguments, which win) keeps them.
    let names_interfaces = cmd.get_envs().any(|(k, _)| {
        let k = k.to_string_lossy();
        k == "OMPI_MCA_btl_tcp_if_include" || k == "OMPI_MCA_btl_tcp_if_exclude"
    });
    if !names_interfaces {
        cmd.env("OMPI_MCA_btl_tcp_if_include", "lo");
    }
    cmd.env("OMPI_ALLOW_RUN_AS_ROOT", "1")
        .env("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
        .env("OMPI_MCA_rmaps_base_oversubscribe", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let mut out_pipe = child.stdout.take().expect("stdout");
    let mut err_pipe = child.stderr.take().expect("stderr");
    let out_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = out_pipe.read_to_end(&mut b);
        b
    });
    let err_t = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = err_pipe.read_to_end(&mut b);
        b
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait") {
            break s;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            timed_out = true;
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = out_t.join().unwrap_or_default();
    let mut stderr = err_t.join().unwrap_or_default();
    if timed_out {
        stderr.extend_from_slice(format!("\nkilled after {limit:?}\n").as_bytes());
    }
    Output {
        status,
        stdout,
        stderr,
    }
}

/// Whether `PETSC_OPTIONS` asks for `-malloc_debug` (as `LEAK_TEST_OPTIONS` may in the
/// leak-check pass of `ci/test.sh`), under which PETSc checks its whole heap at every
/// allocation and deallocation: a run of hundreds of thousands of function evaluations
/// takes minutes there, in C as in Rust. Tests leave such runs to a plain pass, saying
/// so.
pub fn heap_checked() -> bool {
    std::env::var("PETSC_OPTIONS").is_ok_and(|o| {
        o.split_whitespace()
            .any(|w| w == "-malloc_debug" || w == "-malloc_test")
    })
}

/// The `n x n` operator `tridiag(-1, 2 + i / n, -1)` on the world communicator,
/// assembled: symmetric positive definite, with a diagonal that varies (so that Jacobi
/// differs from no preconditioner); the matrix the shell and Rust-type tests compare
/// against.
pub fn varying_tridiagonal(petsc: &Petsc, n: petsc::Int) -> petsc::Result<petsc::Mat> {
    let mut a = petsc::Mat::aij(&petsc.world())
        .sizes(petsc::Sizes::global(n, n))
        .preallocate(3, 2)
        .build()?;
    for i in a.ownership_range()? {
        for (j, v) in [(i - 1, -1.0), (i, 2.0 + i as f64 / n as f64), (i + 1, -1.0)] {
            if (0..n).contains(&j) {
                let v = petsc::Scalar::from(v);
                a.set_values(&[i], &[j], &[v], petsc::InsertMode::Insert)?;
            }
        }
    }
    a.assemble()?;
    Ok(a)
}

/// A vector like `like` (same communicator) in a layout that is wrong in the way a
/// check must catch on every rank: at 1 rank one entry too many; at 2 ranks one too few
/// on the second; at 3 or more the second rank's last entry on the third, so the global
/// size and the first rank's share are right and only some ranks see the difference.
pub fn split_otherwise(like: &petsc::Vector) -> petsc::Result<petsc::Vector> {
    let comm = petsc::Object::comm(like);
    let shift = match (comm.size(), comm.rank()) {
        (1, _) => 1,
        (_, 1) => -1,
        (_, 2) => 1,
        _ => 0,
    };
    petsc::Vector::new_mpi(&comm, Some(like.local_size()? + shift), None)
}

/// Runs `f` with the options of `opts` set under `prefix` (each `-name` word becomes
/// `-{prefix}name`; values, negative numbers included, stay as given) and clears them
/// afterwards, whatever `f` returned: options for one object, chosen by its prefix,
/// that no other case sees.
pub fn with_prefixed_options<R>(
    petsc: &Petsc,
    prefix: &str,
    opts: &str,
    f: impl FnOnce() -> petsc::Result<R>,
) -> petsc::Result<R> {
    let options = petsc.options();
    let given: Vec<String> = opts
        .split_whitespace()
        .map(|w| match w.strip_prefix('-') {
            Some(name) if name.starts_with(char::is_alphabetic) => format!("-{prefix}{name}"),
            _ => w.to_string(),
        })
        .collect();
    options.insert_string(&given.join(" "))?;
    let r = f();
    for w in &given {
        if let Some(name) = w
            .strip_prefix('-')
            .filter(|n| n.starts_with(char::is_alphabetic))
        {
            options.clear_value(name)?;
        }
    }
    r
}

/// The directory of the tests package. `cargo test` names it at run time; the one
/// compiled in is stale when two clones of the tree share a target directory (cargo
/// does not rebuild a moved package).
pub fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
}

/// The path of an example binary, built (once per process) in the profile this test
/// binary was built in.
pub fn example(name: &str) -> PathBuf {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    let dir = BUILT.get_or_init(|| {
        // target/<profile>/deps/<test binary>
        let exe = std::env::current_exe().expect("current_exe");
        let profile_dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("test binary in target/<profile>/deps")
            .to_path_buf();
        let release = profile_dir.file_name().is_some_and(|n| n == "release");
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let mut cmd = Command::new(cargo);
        cmd.args(["build", "-p", "petsc-examples", "--examples"]);
        if release {
            cmd.arg("--release");
        }
        let status = cmd
            .current_dir(manifest_dir())
            .status()
            .expect("cannot run cargo to build the examples");
        assert!(status.success(), "building the examples failed");
        profile_dir.join("examples")
    });
    dir.join(name)
}

/// What a PNG picture written by an example holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picture {
    /// Width in pixels (from the IHDR chunk).
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// How many different colours its pixels have.
    pub colours: usize,
}

/// Reads and decodes the PNG file at `path`, panicking with the reason when it is not a
/// valid PNG: the signature, the IHDR chunk's size (which must agree with the decoded
/// image) and the pixels.
pub fn read_png(path: &Path) -> Picture {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert!(
        bytes.len() > 33 && bytes[..8] == *b"\x89PNG\r\n\x1a\n" && &bytes[12..16] == b"IHDR",
        "{}: not a PNG file",
        path.display()
    );
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    let mut reader = png::Decoder::new(std::io::Cursor::new(&bytes))
        .read_info()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader
        .next_frame(&mut pixels)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!((info.width, info.height), (width, height));
    let channels = info.color_type.samples() * usize::from(info.bit_depth as u8).div_ceil(8);
    let mut seen = std::collections::HashSet::new();
    for p in pixels[..info.buffer_size()].chunks_exact(channels) {
        seen.insert(p.to_vec());
    }
    Picture {
        width,
        height,
        colours: seen.len(),
    }
}

/// Checks that `path` is a PNG picture with more than `min_colours` colours (a plot
/// with text, axes and a colour bar or lines has hundreds; a blank or single-colour
/// image fails) and returns its facts.
pub fn assert_picture(path: &Path, min_colours: usize) -> Picture {
    let p = read_png(path);
    assert!(
        p.colours > min_colours,
        "{}: {} colours in {} x {} pixels",
        path.display(),
        p.colours,
        p.width,
        p.height
    );
    p
}

/// Runs an example under `mpiexec -n n` and returns its standard output, panicking with
/// both streams if it fails.
pub fn run_example(name: &str, n: usize, args: &[&str]) -> String {
    let out = mpiexec(n, &example(name), args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{name} {args:?} on {n} ranks failed ({:?}):\n{stdout}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// Runs example `name` on `n` ranks with `args` and asserts a usage error: exit status 2
/// and `msg` in its standard error.
pub fn assert_usage_error(name: &str, n: usize, args: &[&str], msg: &str) {
    let out = mpiexec(n, &example(name), args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name} {args:?}: {err}");
    assert!(
        err.contains(msg),
        "{name} {args:?}: expected '{msg}' in:\n{err}"
    );
}

/// [`run_example`] with each rank's standard output written straight to a file of its
/// own instead of through the launcher's output forwarding, for long outputs that are
/// compared line by line: under load, Open MPI 5's launcher was seen to drop bytes of
/// what it forwards. Returns the ranks' outputs in rank order (the rank comes from
/// `OMPI_COMM_WORLD_RANK`, or `PMI_RANK` under MPICH); panics with both streams if
/// the run fails.
pub fn run_example_to_files(name: &str, n: usize, args: &[&str]) -> String {
    static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let k = COUNT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let base = std::env::temp_dir().join(format!("petsc-rs-{name}-{}-{k}.out", std::process::id()));
    let base_s = base.to_string_lossy().into_owned();
    let mut words = vec![
        "-c",
        r#"out=$1; shift; exec "$@" >"$out.${OMPI_COMM_WORLD_RANK:-${PMI_RANK:-0}}""#,
        "sh",
        &base_s,
    ];
    let program = example(name);
    let program_s = program.to_string_lossy().into_owned();
    words.push(&program_s);
    words.extend_from_slice(args);
    let out = mpiexec(n, Path::new("sh"), &words);
    let mut text = String::new();
    for r in 0..n {
        let f = PathBuf::from(format!("{base_s}.{r}"));
        if let Ok(t) = std::fs::read(&f) {
            text.push_str(&String::from_utf8_lossy(&t));
        }
        let _ = std::fs::remove_file(&f);
    }
    assert!(
        out.status.success(),
        "{name} {args:?} on {n} ranks failed ({:?}):\n{text}{}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

/// Checks an example that needs real scalars on a PETSc with complex scalars: at 1 and 2
/// ranks, with `args` or without, it prints one line, `NAME: needs real scalars (...);
/// this PETSc (... at $PETSC_DIR) has complex scalars`, and exits 0.
pub fn assert_needs_real_scalars(name: &str, args: &[&str]) {
    for (n, args) in [(1, &[][..]), (2, args)] {
        let out = run_example(name, n, args);
        let lines: Vec<&str> = out.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(
            lines.len(),
            1,
            "{name} on {n} ranks: one line expected:\n{out}"
        );
        let line = lines[0];
        assert!(
            line.starts_with(&format!("{name}: needs real scalars"))
                && line.ends_with("has complex scalars"),
            "{name} on {n} ranks: {line}"
        );
        if let Ok(dir) = std::env::var("PETSC_DIR") {
            assert!(line.contains(&dir), "{name}: {line} does not name {dir}");
        }
    }
}

/// The number after `key` on the first line of `text` containing `key`
/// (`value_after("iterations 12", "iterations")` is 12.0).
pub fn value_after(text: &str, key: &str) -> Option<f64> {
    let line = text.lines().find(|l| l.contains(key))?;
    let rest = &line[line.find(key)? + key.len()..];
    rest.split(|c: char| c.is_whitespace() || c == '=' || c == ':' || c == ',')
        .filter(|s| !s.is_empty())
        .find_map(|s| s.parse().ok())
}

/// Asserts `|a - b| <= tol * max(1, |b|)`.
#[track_caller]
pub fn assert_close(a: f64, b: f64, tol: f64) {
    assert!(
        (a - b).abs() <= tol * b.abs().max(1.0),
        "{a} and {b} differ by more than {tol} (relative)"
    );
}

/// The series (`"3.18"`, `"3.22"`, ...) of the PETSc the build uses.
pub fn petsc_series() -> String {
    let v = petsc::sys::HEADER_VERSION;
    v.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// A folder of the PETSc the build uses, below its prefix (`share/petsc/datafiles/meshes`,
/// `lib/petsc/bin`): under `$PETSC_DIR`, else under Debian's `/usr/share/petsc/<series>`
/// (the examples package holds the data files; the dev package the scripts).
pub fn petsc_share(rel: &str) -> Option<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = std::env::var_os("PETSC_DIR") {
        dirs.push(PathBuf::from(d).join(rel));
    }
    dirs.push(PathBuf::from(format!("/usr/share/petsc/{}", petsc_series())).join(rel));
    dirs.into_iter().find(|d| d.exists())
}

/// Where PETSc's C examples and their expected outputs are:
/// `$PETSC_DIR/share/petsc/examples/src` when it exists, else Debian's examples package
/// of the series the build uses (`libpetsc3.22-dev-examples` for PETSc 3.22: the
/// sources and outputs of another series may differ, so only the same series counts).
pub fn petsc_examples_dir() -> Option<PathBuf> {
    examples_dir("petsc", "PETSC_DIR", &petsc_series())
}

/// `$<dir_var>/share/<lib>/examples/src`, else Debian's examples package of `series`
/// (`/usr/share/<lib>/<series>/...`), required with `PETSC_RS_REQUIRE_EXAMPLES` when
/// Debian's `<lib>` of that series is installed.
fn examples_dir(lib: &str, dir_var: &str, series: &str) -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os(dir_var) {
        let p = PathBuf::from(dir).join(format!("share/{lib}/examples/src"));
        if p.is_dir() {
            return Some(p);
        }
    }
    let p = PathBuf::from(format!(
        "/usr/share/{lib}/{series}/share/{lib}/examples/src"
    ));
    let root = Path::new("/usr/lib").join(format!("{lib}dir"));
    let debian = root.join(format!("{lib}{series}")).is_dir()
        || root.join(format!("{lib}64-{series}")).is_dir();
    require_examples(
        debian && !p.is_dir(),
        &format!("lib{lib}{series}-dev-examples"),
        &p,
    );
    p.is_dir().then_some(p)
}

/// With `PETSC_RS_REQUIRE_EXAMPLES` set (as `ci/test.sh` sets it after installing the
/// examples packages), a missing examples folder fails the test instead of skipping the
/// comparison.
fn require_examples(missing: bool, package: &str, path: &std::path::Path) {
    if missing && std::env::var_os("PETSC_RS_REQUIRE_EXAMPLES").is_some_and(|v| v != "0") {
        panic!(
            "{} is missing: install {package} (ci/install-deps.sh --variants does), \
             or unset PETSC_RS_REQUIRE_EXAMPLES to skip the comparisons",
            path.display()
        );
    }
}

/// Where SLEPc's examples are: `$SLEPC_DIR/share/slepc/examples/src` when it exists,
/// else Debian's examples package of the series the build uses
/// (`libslepc3.22-dev-examples` for SLEPc 3.22; the outputs of another series may
/// differ).
pub fn slepc_examples_dir() -> Option<PathBuf> {
    let (major, minor, _) = slepc::version();
    examples_dir("slepc", "SLEPC_DIR", &format!("{major}.{minor}"))
}

/// PETSc's expected output file `rel` (a path under [`petsc_examples_dir`], such as
/// `tao/constrained/tutorials/output/ex1_1.out`), or `None`, with a line saying so,
/// without the examples package.
pub fn expected_output(rel: &str) -> Option<String> {
    let Some(dir) = petsc_examples_dir() else {
        skip(format!("the comparison: no PETSc examples for {rel}"));
        return None;
    };
    let path = dir.join(rel);
    Some(std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
}

/// PETSc's C tutorial `rel` (a path under [`petsc_examples_dir`], such as
/// `tao/unconstrained/tutorials/rosenbrock1.c`), compiled with `mpicc` (`$MPICC`) against
/// the PETSc the build uses (found by pkg-config, `$PETSC_DIR/$PETSC_ARCH` first) into a
/// temporary directory, once per test process. `None`, with a line saying why, when the
/// source, `mpicc` or pkg-config's PETSc is missing.
pub fn c_tutorial(rel: &str) -> Option<PathBuf> {
    use std::collections::HashMap;
    use std::sync::Mutex;
    static BUILT: OnceLock<Mutex<HashMap<String, Option<PathBuf>>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    let mut built = built.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(found) = built.get(rel) {
        if found.is_none() {
            skip(format!(
                "the comparison with C: {rel} could not be built (above)"
            ));
        }
        return found.clone();
    }
    let made = compile_c_tutorial(rel);
    built.insert(rel.to_string(), made.clone());
    made
}

/// Skips a comparison with a C tutorial that cannot be built (its source missing from
/// the examples, no `mpicc`, no PETSc known to pkg-config), with a line saying why; with
/// `PETSC_RS_REQUIRE_EXAMPLES` set, fails instead (the tests compared only up to
/// round-off with PETSc's files rely on the C program).
fn skip_c_comparison(why: &str) -> Option<PathBuf> {
    if std::env::var_os("PETSC_RS_REQUIRE_EXAMPLES").is_some_and(|v| v != "0") {
        panic!(
            "cannot build PETSc's C tutorial: {why} (ci/install-deps.sh installs mpicc and \
             pkg-config), or unset PETSC_RS_REQUIRE_EXAMPLES to skip the comparisons"
        );
    }
    skip(format!("the comparison with C: {why}"));
    None
}

fn compile_c_tutorial(rel: &str) -> Option<PathBuf> {
    let Some(dir) = petsc_examples_dir() else {
        skip(format!(
            "the comparison with C: no {rel} for PETSc {} \
             (apt-get install petsc-dev's examples, or set PETSC_DIR)",
            petsc::sys::HEADER_VERSION
        ));
        return None;
    };
    let src = dir.join(rel);
    if !src.is_file() {
        return skip_c_comparison(&format!("no {}", src.display()));
    }
    let mpicc = std::env::var("MPICC")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "mpicc".to_string());
    if Command::new(&mpicc).arg("--version").output().is_err() {
        return skip_c_comparison(&format!("{mpicc} not found"));
    }
    let mut search = std::env::var_os("PKG_CONFIG_PATH").unwrap_or_default();
    if let Some(dir) = std::env::var_os("PETSC_DIR") {
        let arch = std::env::var_os("PETSC_ARCH").unwrap_or_default();
        let mut paths = vec![Path::new(&dir).join(arch).join("lib").join("pkgconfig")];
        paths.extend(std::env::split_paths(&search));
        search = std::env::join_paths(paths).expect("PKG_CONFIG_PATH");
    }
    let Some(flags) = ["PETSc", "petsc"].iter().find_map(|name| {
        let out = Command::new("pkg-config")
            .env("PKG_CONFIG_PATH", &search)
            .args(["--cflags", "--libs", name])
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }) else {
        return skip_c_comparison("pkg-config knows no PETSc");
    };
    let rpaths = flags
        .split_whitespace()
        .filter_map(|f| f.strip_prefix("-L"))
        .map(|d| format!("-Wl,-rpath,{d}"));
    let stem = src.file_stem().expect("a file name").to_string_lossy();
    // One directory per source and build (its path, size and time, the compiler and the
    // flags): later test processes reuse the program, and the temporary directory holds
    // one copy of each, not one per process.
    let key = {
        use std::hash::{Hash, Hasher};
        let meta = std::fs::metadata(&src).expect("the C source's metadata");
        let mut h = std::collections::hash_map::DefaultHasher::new();
        (rel, meta.len(), meta.modified().ok(), &mpicc, &flags).hash(&mut h);
        h.finish()
    };
    let tag = rel.trim_end_matches(".c").replace(['/', '.'], "_");
    let dir = std::env::temp_dir().join(format!("petsc-rs-c-{tag}-{key:016x}"));
    let exe = dir.join(&*stem);
    if exe.is_file() {
        return Some(exe);
    }
    // Built beside it and renamed into place: processes that build the same program at
    // once never see another's half-written file.
    let work = dir.with_extension(format!("{}", std::process::id()));
    std::fs::create_dir_all(&work).expect("temporary directory");
    let file = work.join(format!("{stem}.c"));
    std::fs::copy(&src, &file).expect("copy the C source");
    let out = Command::new(&mpicc)
        .current_dir(&work)
        .arg("-O2")
        .arg(&file)
        .arg("-o")
        .arg(work.join(&*stem))
        .args(flags.split_whitespace())
        .args(rpaths)
        .arg("-lm")
        .output()
        .expect("cannot run mpicc");
    assert!(
        out.status.success(),
        "mpicc {rel} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    if std::fs::rename(&work, &dir).is_err() {
        // Another process put its build there first.
        let _ = std::fs::remove_dir_all(&work);
    }
    assert!(exe.is_file(), "no {} after building {rel}", exe.display());
    Some(exe)
}

/// TAO's one-line-per-iteration monitor option of the PETSc built: `-tao_monitor_short`
/// from 3.21 on (which deprecated `-tao_smonitor` and warns about it), `-tao_smonitor`
/// before. PETSc's own TEST blocks use the version's name.
pub const TAO_MONITOR_SHORT: &str = if cfg!(petsc_3_21) {
    "-tao_monitor_short"
} else {
    "-tao_smonitor"
};

/// Whether `a` and `b` agree as PETSc's own test harness compares an output with its
/// expected file (`lib/petsc/bin/petscdiff`): every floating-point number (with a
/// decimal point or an exponent, and a `< ` bound such as `< 1.e-11`) stands for any
/// number, white space is ignored, and the rest must be equal. For outputs whose
/// expected file was made on another machine and differs in round-off only; a test that
/// uses it also compares with the C tutorial built here, byte for byte.
pub fn petscdiff_equal(a: &str, b: &str) -> bool {
    fn masked(text: &str) -> Vec<String> {
        text.lines()
            .map(|line| {
                let mut out = String::new();
                let chars: Vec<char> = line.chars().collect();
                let mut i = 0;
                while i < chars.len() {
                    // A number: optional sign, digits, then '.' digits and/or an exponent.
                    let mut j = i;
                    if j < chars.len() && (chars[j] == '-' || chars[j] == '+') {
                        j += 1;
                    }
                    let digits = j;
                    while j < chars.len() && chars[j].is_ascii_digit() {
                        j += 1;
                    }
                    if j > digits {
                        let mut float = false;
                        if j < chars.len() && chars[j] == '.' {
                            float = true;
                            j += 1;
                            while j < chars.len() && chars[j].is_ascii_digit() {
                                j += 1;
                            }
                        }
                        if j + 1 < chars.len()
                            && (chars[j] == 'e' || chars[j] == 'E')
                            && (chars[j + 1] == '-' || chars[j + 1] == '+')
                        {
                            let mut k = j + 2;
                            while k < chars.len() && chars[k].is_ascii_digit() {
                                k += 1;
                            }
                            if k > j + 2 {
                                float = true;
                                j = k;
                            }
                        }
                        if float {
                            out.push_str("XXX");
                            i = j;
                            continue;
                        }
                    }
                    if !chars[i].is_whitespace() {
                        out.push(chars[i]);
                    }
                    i += 1;
                }
                out
            })
            .collect()
    }
    masked(a) == masked(b)
}

/// Compares a port's output `ours` (of `args` on `n` ranks) with PETSc's expected file:
/// byte for byte; or, where they differ (an expected file made on another machine, off
/// in round-off: "23.25" where this machine's C prints "23.24"), as PETSc's own harness
/// compares ([`petscdiff_equal`]) and then byte for byte with the C tutorial `c_rel`
/// built here and run with the same arguments. Without the C tutorial the second case
/// fails (or, without `PETSC_RS_REQUIRE_EXAMPLES`, is skipped with a line saying so).
pub fn assert_expected_output(
    ours: &str,
    expected: &str,
    c_rel: &str,
    n: usize,
    args: &[&str],
    what: &str,
) {
    if ours == expected {
        return;
    }
    assert!(
        petscdiff_equal(ours, expected),
        "{what}: not PETSc's expected output, even up to round-off:\n{ours}\nexpected:\n{expected}"
    );
    let Some(exe) = c_tutorial(c_rel) else {
        return;
    };
    let c = mpiexec(n, &exe, args);
    assert!(c.status.success(), "{what}: C {c_rel} {args:?} failed");
    assert_eq!(
        ours,
        String::from_utf8_lossy(&c.stdout),
        "{what}: differs from PETSc's expected output in round-off, and from C's run here"
    );
}

#[cfg(test)]
mod tests {
    use super::{petscdiff_equal, selects, skip_listed, skip_patterns};

    #[test]
    fn filters_select_modules_and_names() {
        assert!(selects("ksp::cg_jacobi", "ksp::", false));
        assert!(!selects("ksp_dm::dm_solve", "dm::", false));
        assert!(selects("ksp_dm::dm_solve", "dm_solve", false));
        assert!(selects("ksp::cg_jacobi", "ksp::cg_jacobi", true));
        assert!(!selects("ksp::cg_jacobi", "cg_jacobi", true));
    }

    #[test]
    fn expected_skips_by_configuration() {
        let text = "# comment\nreal-3.18,latest  fft::*  FFTW\nlatest  mat::factor_solves\n";
        let real = skip_patterns(text, &["real-3.18"]);
        assert_eq!(real, ["fft::*"]);
        assert!(skip_listed(&real, "fft::fft_layout"));
        assert!(!skip_listed(&real, "mat::factor_solves"));
        let latest = skip_patterns(text, &["latest"]);
        assert!(skip_listed(&latest, "mat::factor_solves"));
        assert!(!skip_listed(&latest, "mat::factor_solves_more"));
        assert!(skip_patterns(text, &["complex-3.18"]).is_empty());
    }

    /// Every line of ci/expected-skips names known configurations and a test file that
    /// exists (`tests/tests/AREA/FILE.rs`).
    #[test]
    fn expected_skips_file_names_files_that_exist() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(dir.join("../ci/expected-skips")).unwrap();
        let known = ["real", "complex", "int64"];
        for line in text.lines() {
            let mut words = line.split('#').next().unwrap().split_whitespace();
            let (Some(configs), Some(test)) = (words.next(), words.next()) else {
                continue;
            };
            for c in configs.split(',') {
                let series = c.split_once('-').filter(|(k, _)| known.contains(k));
                assert!(
                    matches!(c, "latest" | "checked-heap" | "*") || series.is_some(),
                    "ci/expected-skips: unknown configuration {c} in: {line}"
                );
            }
            let (file, _) = test.split_once("::").expect("FILE::case");
            let found = std::fs::read_dir(dir.join("tests"))
                .unwrap()
                .any(|area| area.unwrap().path().join(format!("{file}.rs")).is_file());
            assert!(found, "ci/expected-skips: no test file {file}: {line}");
        }
    }

    #[test]
    fn petscdiff_masks_floating_point_numbers_only() {
        let c = "  6 KSP Residual norm < 1.e-11\nNorm of error 1.00535e-15 iterations 6\n";
        let expected = "  6 KSP Residual norm < 1.e-11\nNorm of error 1.5263e-15 iterations 6\n";
        assert!(petscdiff_equal(c, expected));
        assert!(petscdiff_equal("x = -0.25,  y = 3.", "x = 0.5, y = 1e+02"));
        // Integers, words and line structure still count.
        assert!(!petscdiff_equal(
            c,
            &expected.replace("iterations 6", "iterations 7")
        ));
        assert!(!petscdiff_equal("  6 KSP Residual", "  7 KSP Residual"));
        assert!(!petscdiff_equal("a 1.0\nb 2.0", "a 1.0"));
        assert!(!petscdiff_equal("converged", "diverged"));
    }
}
