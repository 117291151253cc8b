//! Shared helpers of the workshop examples (command-line flags, reproducible random
//! numbers, block partitions, small serial solvers for self-checks; pictures in
//! [`plot`]).
//! Each example is one file beside this one (`t2_fit`, the largest, a folder).
//!
//! Nothing here depends on the number of MPI ranks: random numbers are a pure function
//! of `(seed, key)`, so data generated for a global index is the same on every rank
//! count.

#![warn(missing_docs)]

use std::fmt;
use std::ops::Range;
use std::process::ExitCode;
use std::str::FromStr;

use petsc::{Petsc, Scalar};

pub mod dcpf;
pub mod matpower;
pub mod plink;
pub mod plink_assoc;
pub mod plot;
pub mod progress;

// ---------------------------------------------------------------------------------------
// Errors and the common `main`
// ---------------------------------------------------------------------------------------

/// Why an example stopped.
#[derive(Debug)]
pub enum AppError {
    /// A bad command line (the same on every rank): printed once, exit status 2.
    Usage(String),
    /// `--help` was given: the text is printed once, exit status 0.
    Help(String),
    /// A PETSc call failed.
    Petsc(petsc::Error),
    /// A self-check failed; every rank must return it (agree first, see [`all_agree`]).
    Failed(String),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::Usage(m) | AppError::Failed(m) => f.write_str(m),
            AppError::Help(h) => f.write_str(h),
            AppError::Petsc(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AppError {}

impl From<petsc::Error> for AppError {
    fn from(e: petsc::Error) -> AppError {
        AppError::Petsc(e)
    }
}

/// `Result` of an example's body.
pub type AppResult<T = ()> = Result<T, AppError>;

/// Runs `body` under [`petsc::main`] (PETSc initialized with the program's arguments,
/// finalized at the end, the whole job ended rather than hung when only some ranks
/// fail) and turns the example's own outcomes into exit statuses: usage errors and
/// `--help` are printed by rank 0 only (status 2 and 0), failed self-checks by rank 0
/// (status 1); PETSc errors go to [`petsc::main`], which prints them on the ranks that
/// saw them.
pub fn run_main(name: &str, body: impl FnOnce(&Petsc) -> AppResult) -> ExitCode {
    // Usage errors and failed checks are the same on every rank (they are agreed on
    // before they are returned): PETSc sees a success, and the status is set here.
    let status = std::cell::Cell::new(None);
    let code = petsc::main(|petsc| {
        let outcome = body(petsc);
        // The program's own `--flags` are in PETSc's options database too (PETSc reads
        // every argument that starts with `-`). The program read them, so mark them
        // used, lest PETSc list them as unused at exit (`-options_left`, which debug
        // builds of PETSc turn on by default).
        let options = petsc.options();
        for a in std::env::args().skip(1) {
            if a.starts_with("--") && a.len() > 2 {
                let _ = options.has(&a);
            }
        }
        // A program that stopped on an error did not get to read the rest of its
        // options: listing them as unused at exit would only add noise to the error,
        // and C's programs, which return before PetscFinalize, print nothing there.
        if !matches!(outcome, Ok(()) | Err(AppError::Help(_))) {
            let _ = options.set_value("options_left", "0");
        }
        drop(options);
        let rank0 = petsc.world().rank() == 0;
        match outcome {
            Ok(()) => {}
            Err(AppError::Help(text)) => {
                if rank0 {
                    print!("{text}");
                }
            }
            Err(AppError::Usage(msg)) => {
                if rank0 {
                    eprintln!("{name}: {msg}\n(run `{name} --help` for the list of flags)");
                }
                status.set(Some(2));
            }
            Err(AppError::Failed(msg)) => {
                if rank0 {
                    eprintln!("{name}: check failed: {msg}");
                }
                status.set(Some(1));
            }
            Err(AppError::Petsc(e)) => return Err(e),
        }
        Ok(())
    });
    match status.get() {
        Some(s) if code == ExitCode::SUCCESS => ExitCode::from(s),
        _ => code,
    }
}

/// Whether `ok` holds on every rank of the world (a logical-and reduction; collective);
/// `false` if the reduction itself fails.
pub fn all_agree(petsc: &Petsc, ok: bool) -> bool {
    petsc.world().all(ok).unwrap_or(false)
}

/// Prints a formatted line on rank 0: petsc-rs's own [`petsc::println0!`].
pub use petsc::println0;

// ---------------------------------------------------------------------------------------
// Real and complex scalars
// ---------------------------------------------------------------------------------------

/// The PETSc these examples were built against, as `3.18.5 at /usr/lib/petscdir/...`.
pub const PETSC_FOUND: &str = env!("PETSC_EXAMPLES_PETSC_FOUND");

/// The directory of the PETSc these examples were built against (its `share/petsc`
/// holds PETSc's data files, such as the meshes in `datafiles/meshes`).
pub const PETSC_DIR: &str = env!("PETSC_EXAMPLES_PETSC_DIR");

/// `x` as a PETSc scalar: itself on a real build, `x + 0i` on a complex one.
///
/// ```
/// use petsc_examples::{modulus, real, scalar};
/// assert_eq!(real(scalar(-2.5)), -2.5);
/// assert_eq!(modulus(scalar(-2.5)), 2.5);
/// ```
#[inline(always)]
pub fn scalar(x: f64) -> Scalar {
    #[cfg(not(petsc_complex))]
    {
        x
    }
    #[cfg(petsc_complex)]
    {
        Scalar::new(x, 0.0)
    }
}

/// The real part of a PETSc scalar (the scalar itself on a real build).
#[inline(always)]
pub fn real(s: Scalar) -> f64 {
    #[cfg(not(petsc_complex))]
    {
        s
    }
    #[cfg(petsc_complex)]
    {
        s.re
    }
}

/// `|s|`: the absolute value of a real scalar, the modulus of a complex one.
#[inline(always)]
pub fn modulus(s: Scalar) -> f64 {
    #[cfg(not(petsc_complex))]
    {
        s.abs()
    }
    #[cfg(petsc_complex)]
    {
        s.norm()
    }
}

/// The real parts of PETSc scalars (a copy of them on a real build).
pub fn real_parts(v: &[Scalar]) -> Vec<f64> {
    v.iter().map(|&s| real(s)).collect()
}

/// The `main` of an example whose mathematics is real (optimization, ...) on a PETSc
/// with complex scalars: rank 0 prints one line saying so, naming the PETSc found, and
/// the program exits 0.
pub fn real_only(name: &str, why: &str) -> ExitCode {
    run_main(name, |petsc| {
        println0!(
            petsc,
            "{name}: needs real scalars ({why}); this PETSc ({PETSC_FOUND}) has complex scalars"
        )?;
        Ok(())
    })
}

// ---------------------------------------------------------------------------------------
// Command-line flags
// ---------------------------------------------------------------------------------------

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
    fn raw(&mut self, name: &str, switch: bool) -> AppResult<Option<String>> {
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
                        return Err(AppError::Usage(format!("{flag} needs a value")));
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
    pub fn value<T>(&mut self, name: &str, default: T, help: &str) -> AppResult<T>
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
    pub fn optional<T: FromStr>(&mut self, name: &str, help: &str) -> AppResult<Option<T>> {
        self.note(name, String::new(), help);
        match self.raw(name, false)? {
            None => Ok(None),
            Some(v) => parse_flag(name, &v).map(Some),
        }
    }

    /// Whether the switch `--name` (no value) is present; `--name=false` turns it off.
    pub fn switch(&mut self, name: &str, help: &str) -> AppResult<bool> {
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

    /// Ends parsing: `Err(AppError::Help)` for `--help`, a usage error for any
    /// `--flag` that was not asked for.
    pub fn finish(self) -> AppResult<()> {
        if self.args.iter().any(|a| a == "--help") {
            return Err(AppError::Help(self.usage()));
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
            Err(AppError::Usage(format!(
                "unknown flag{} {}; the flags are {}",
                if unknown.len() > 1 { "s" } else { "" },
                unknown.join(", "),
                names.join(" ")
            )))
        }
    }
}

fn parse_flag<T: FromStr>(name: &str, v: &str) -> AppResult<T> {
    v.trim()
        .parse()
        .map_err(|_| AppError::Usage(format!("--{name} expects {}, got '{v}'", kind_of::<T>())))
}

/// A usage error unless `ok`.
pub fn require(ok: bool, message: impl FnOnce() -> String) -> AppResult<()> {
    if ok {
        Ok(())
    } else {
        Err(AppError::Usage(message()))
    }
}

// ---------------------------------------------------------------------------------------
// Reproducible random numbers
// ---------------------------------------------------------------------------------------

/// The random generator of the examples: `rand_chacha`'s ChaCha with 8 rounds, whose
/// output for a given key is reproducible across platforms and releases (unlike `rand`'s
/// `StdRng`, whose algorithm may change).
pub type StreamRng = rand_chacha::ChaCha8Rng;

/// The random stream of `(seed, key)`, where `key` is up to three words naming what the
/// numbers are for (a kind of quantity, a global index, an epoch, ...). Its numbers
/// depend only on `(seed, key)`, so any rank regenerates the numbers of any global index
/// without communication, and results do not depend on the number of ranks.
///
/// No hashing is needed: ChaCha's 256-bit key holds the seed and the key words as they
/// are (unused words zero), and ChaCha's 64-bit stream number is the length of `key`, so
/// that `[a]` and `[a, 0]` differ too. Distinct `(seed, key)` give distinct keys, and
/// ChaCha's outputs under distinct keys are independent for every practical purpose.
/// Draw from the stream with `rand`'s methods and `rand_distr`'s distributions.
///
/// ```
/// use petsc_examples::stream;
/// use rand::{Rng, RngCore};
/// use rand_distr::{Distribution, StandardNormal};
/// let (mut a, mut b) = (stream(1234, &[7, 3]), stream(1234, &[7, 3]));
/// assert_eq!(a.next_u64(), b.next_u64());
/// let u: f64 = a.random();
/// assert!((0.0..1.0).contains(&u));
/// let z: f64 = StandardNormal.sample(&mut a);
/// assert!(z.is_finite());
/// assert_ne!(stream(1, &[5]).next_u64(), stream(1, &[5, 0]).next_u64());
/// assert_ne!(stream(1, &[5]).next_u64(), stream(2, &[5]).next_u64());
/// ```
///
/// # Panics
///
/// If `key` has more than three words (a programming error in the caller).
pub fn stream(seed: u64, key: &[u64]) -> StreamRng {
    use rand::SeedableRng;
    assert!(
        key.len() <= 3,
        "stream: a key has at most three words, got {}",
        key.len()
    );
    let mut bytes = [0u8; 32];
    for (chunk, word) in bytes
        .chunks_exact_mut(8)
        .zip(std::iter::once(&seed).chain(key))
    {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    let mut rng = StreamRng::from_seed(bytes);
    rng.set_stream(key.len() as u64);
    rng
}

/// One step of SplitMix64's output function: a bijective mix of 64 bits.
pub const fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A 64-bit hash of a seed and a key: the T2 fit (`t2_fit`) folds every voxel's result
/// into a checksum of the map with it, the same at any rank count. Written here because
/// the checksum must not change between releases or platforms, which `std`'s hashers do
/// not promise; the random streams need no hash (see [`stream`]).
pub fn hash(seed: u64, key: &[u64]) -> u64 {
    let mut h = splitmix64(seed ^ 0x5851_F42D_4C95_7F2D);
    for &k in key {
        h = splitmix64(h ^ splitmix64(k.wrapping_add(0x2545_F491_4F6C_DD1D)));
    }
    h
}

// ---------------------------------------------------------------------------------------
// Partitions
// ---------------------------------------------------------------------------------------

/// The contiguous block of `0..n` owned by `part` of `parts`: balanced sizes, the
/// remainder going one each to the first parts.
///
/// ```
/// use petsc_examples::block_range;
/// assert_eq!(block_range(10, 3, 0), 0..4);
/// assert_eq!(block_range(10, 3, 1), 4..7);
/// assert_eq!(block_range(10, 3, 2), 7..10);
/// assert_eq!(block_range(2, 3, 2), 2..2);
/// ```
pub fn block_range(n: usize, parts: usize, part: usize) -> Range<usize> {
    let base = n / parts;
    let rem = n % parts;
    let start = part * base + part.min(rem);
    let len = base + usize::from(part < rem);
    start..start + len
}

// ---------------------------------------------------------------------------------------
// Small serial numerics for self-checks
// ---------------------------------------------------------------------------------------

/// Solves the dense system `a x = b` (`a` row-major, `n` x `n`) by `nalgebra`'s LU
/// factorization with partial pivoting; `None` if the matrix is singular to working
/// precision (a pivot below `1e-14` times the largest entry).
///
/// ```
/// let x = petsc_examples::dense_solve(vec![2.0, 1.0, 1.0, 3.0], 2, vec![3.0, 5.0]).unwrap();
/// assert!((x[0] - 0.8).abs() < 1e-14 && (x[1] - 1.4).abs() < 1e-14);
/// assert!(petsc_examples::dense_solve(vec![1.0, 2.0, 2.0, 4.0], 2, vec![1.0, 1.0]).is_none());
/// ```
///
/// # Panics
///
/// If `a` does not have `n * n` entries or `b` does not have `n`.
pub fn dense_solve(a: Vec<f64>, n: usize, b: Vec<f64>) -> Option<Vec<f64>> {
    assert_eq!(a.len(), n * n, "dense_solve: a must be n x n");
    assert_eq!(b.len(), n, "dense_solve: b must have n entries");
    let a = nalgebra::DMatrix::from_row_slice(n, n, &a);
    let scale = a.amax().max(f64::MIN_POSITIVE);
    let lu = a.lu();
    if lu.u().diagonal().iter().any(|d| d.abs() <= 1e-14 * scale) {
        return None;
    }
    lu.solve(&nalgebra::DVector::from_vec(b))
        .map(|x| x.as_slice().to_vec())
}

/// Upper tail probability of the chi-square distribution with one degree of freedom,
/// `P(X > x)`: `statrs`' survival function (1 for `x <= 0`).
///
/// ```
/// let p = petsc_examples::chi2_1df_pvalue(3.841458820694124);
/// assert!((p - 0.05).abs() < 1e-12);
/// ```
pub fn chi2_1df_pvalue(x: f64) -> f64 {
    use statrs::distribution::{ChiSquared, ContinuousCDF};
    if x <= 0.0 {
        return 1.0;
    }
    ChiSquared::new(1.0).map_or(f64::NAN, |d| d.sf(x))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partitions_cover() {
        for n in 0..20 {
            for parts in 1..6 {
                let mut next = 0;
                for p in 0..parts {
                    let r = block_range(n, parts, p);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, n);
            }
        }
    }

    #[test]
    fn streams_give_hardy_weinberg_genotypes() {
        use rand_distr::{Binomial, Distribution};
        let law = Binomial::new(2, 0.3).unwrap();
        let mut counts = [0usize; 3];
        let mut rng = stream(9, &[1, 2]);
        for _ in 0..100_000 {
            counts[law.sample(&mut rng) as usize] += 1;
        }
        assert!((counts[0] as f64 / 1e5 - 0.49).abs() < 0.01, "{counts:?}");
        assert!((counts[1] as f64 / 1e5 - 0.42).abs() < 0.01, "{counts:?}");
        assert!((counts[2] as f64 / 1e5 - 0.09).abs() < 0.01, "{counts:?}");
    }

    #[test]
    fn dense_solve_pivots() {
        // A zero in the first pivot position needs row exchanges.
        let a = vec![0.0, 2.0, 1.0, 1.0, 1.0, 0.0, 3.0, 0.0, 1.0];
        let x = dense_solve(a, 3, vec![7.0, 3.0, 6.0]).unwrap();
        for (xi, want) in x.iter().zip([1.0, 2.0, 3.0]) {
            assert!((xi - want).abs() < 1e-14, "{x:?}");
        }
    }

    #[test]
    fn chi_square_tail() {
        // P(X > x) = erfc(sqrt(x / 2)): erfc(1) and erfc(5).
        assert!((chi2_1df_pvalue(2.0) - 0.157_299_207_050_285_13).abs() < 1e-14);
        assert!((chi2_1df_pvalue(50.0) / 1.537_459_794_428_034_8e-12 - 1.0).abs() < 1e-12);
        assert_eq!(chi2_1df_pvalue(0.0), 1.0);
    }
}
