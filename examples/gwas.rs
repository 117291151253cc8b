//! Genome-wide association scan (workshop 15): a Pearson chi-square test of allele
//! counts in cases against controls for every variant, variants spread over the ranks.
//!
//! ```text
//! mpiexec -n 4 target/debug/examples/gwas --samples 5000 --variants 20000 \
//!     --maf-min 0.05 --seed 1234 --report 5 [--plant 3] [--plot manhattan.png]
//! ```
//!
//! Data: the genotype of sample `i` at variant `j` is Binomial(2, maf_j) with
//! maf_j ~ U(maf_min, 0.5); the phenotype is Bernoulli(0.5) per sample, made once on
//! rank 0 and broadcast. Every random number comes from a ChaCha stream of (seed, kind,
//! global index) ([`petsc_examples::stream`]) through `rand_distr`'s distributions, so
//! the answer does not depend on the number of ranks. `--plant K` makes K variants truly
//! associated (the minor allele is more frequent in cases by `--effect`); they must come
//! out on top.
//!
//! With `--bfile PREFIX` the genotypes come from PLINK 1 binary files instead
//! (`PREFIX.bed`, `.bim`, `.fam`; phenotypes from the `.fam` file or `--pheno FILE`), and
//! `--out FILE.assoc` writes PLINK 1.9's `--assoc` table:
//!
//! ```text
//! mpiexec -n 4 target/debug/examples/gwas --bfile study [--pheno study.pheno] \
//!     --out study.assoc [--report 5]
//! ```
//!
//! Unlike the workshop script: the local size of the score vector is this rank's block
//! (balanced, remainder to the first ranks), the maximum comes back as a named
//! (index, value) pair, and the generator is seeded per global index, not per rank.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use petsc::mpi::traits::*;
use petsc::{Int, Petsc, Vector};
use petsc_examples::progress::Progress;
use petsc_examples::{
    all_agree, block_range, check_failed, chi2_1df_pvalue, plot, println0, real, real_parts,
    require, scalar, stream, usage_error, Flags,
};
use rand_distr::{Bernoulli, Binomial, Distribution, Uniform};

/// Random streams, one per kind of quantity.
const STREAM_PHENOTYPE: u64 = 1;
const STREAM_MAF: u64 = 2;
const STREAM_GENOTYPE: u64 = 3;

#[path = "gwas_bfile.rs"]
mod gwas_bfile;

fn main() -> ExitCode {
    petsc::main(body)
}

/// The synthetic study: everything needed to regenerate any variant's genotypes.
struct Study {
    samples: usize,
    variants: usize,
    seed: u64,
    effect: f64,
    /// The distribution of minor allele frequencies, `U(maf_min, 0.5)`.
    maf_law: Uniform<f64>,
    /// Sorted indices of the truly associated variants.
    planted: Vec<usize>,
    /// 1 for a case, 0 for a control, per sample.
    phenotype: Vec<u8>,
}

impl Study {
    fn maf(&self, j: usize) -> f64 {
        self.maf_law
            .sample(&mut stream(self.seed, &[STREAM_MAF, j as u64]))
    }

    fn is_planted(&self, j: usize) -> bool {
        self.planted.binary_search(&j).is_ok()
    }

    /// Calls `f(sample, genotype)` for every sample of variant `j`, in sample order:
    /// Binomial(2, p) copies of the minor allele (Hardy–Weinberg proportions), all from
    /// the variant's one stream.
    fn genotypes(&self, j: usize, mut f: impl FnMut(usize, u8)) {
        let maf = self.maf(j);
        let case_freq = if self.is_planted(j) {
            (maf + self.effect).min(0.95)
        } else {
            maf
        };
        // Both frequencies are in (0, 1): maf in [maf_min, 0.5] with maf_min > 0, and
        // case_freq at most 0.95.
        let (Ok(control), Ok(case)) = (Binomial::new(2, maf), Binomial::new(2, case_freq)) else {
            unreachable!("allele frequencies {maf} and {case_freq} are in (0, 1)");
        };
        let mut rng = stream(self.seed, &[STREAM_GENOTYPE, j as u64]);
        for (i, &is_case) in self.phenotype.iter().enumerate() {
            let law = if is_case == 1 { &case } else { &control };
            f(i, law.sample(&mut rng) as u8);
        }
    }

    /// Pearson chi-square of the 2x2 allele table by the closed form
    /// `N (ad - bc)^2 / (row and column margins)`.
    fn chi_square(&self, j: usize, n_cases: usize) -> f64 {
        let (mut minor_cases, mut minor_all) = (0u64, 0u64);
        self.genotypes(j, |i, g| {
            minor_all += u64::from(g);
            if self.phenotype[i] == 1 {
                minor_cases += u64::from(g);
            }
        });
        let n_controls = self.samples - n_cases;
        let a = minor_cases as f64;
        let b = 2.0 * n_cases as f64 - a;
        let c = (minor_all - minor_cases) as f64;
        let d = 2.0 * n_controls as f64 - c;
        let denom = (a + b) * (c + d) * (a + c) * (b + d);
        if denom == 0.0 {
            return 0.0;
        }
        let n = a + b + c + d;
        n * (a * d - b * c).powi(2) / denom
    }
}

/// The same statistic computed the long way, for the self-check: build the table of
/// observed counts sample by sample, expected counts from the margins, and sum
/// `(O - E)^2 / E` over the four cells.
fn chi_square_by_cells(study: &Study, j: usize) -> f64 {
    let mut table = [[0.0f64; 2]; 2]; // [case, control] x [minor, major]
    study.genotypes(j, |i, g| {
        let row = if study.phenotype[i] == 1 { 0 } else { 1 };
        table[row][0] += f64::from(g);
        table[row][1] += f64::from(2 - g);
    });
    chi_square_of_table(&table)
}

/// Pearson's chi-square of a 2x2 table of observed counts: expected counts from the
/// margins, `(O - E)^2 / E` summed over the cells with `E > 0`.
fn chi_square_of_table(table: &[[f64; 2]; 2]) -> f64 {
    let rows = [table[0][0] + table[0][1], table[1][0] + table[1][1]];
    let cols = [table[0][0] + table[1][0], table[0][1] + table[1][1]];
    let n = rows[0] + rows[1];
    let mut chi2 = 0.0;
    for r in 0..2 {
        for c in 0..2 {
            let expected = rows[r] * cols[c] / n;
            if expected > 0.0 {
                chi2 += (table[r][c] - expected).powi(2) / expected;
            }
        }
    }
    chi2
}

/// Orders hits by score, highest first, ties by the lower index.
fn by_score(a: &(Int, f64), b: &(Int, f64)) -> std::cmp::Ordering {
    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
}

/// The `k` best of every rank's `(index, score)` pairs, merged on rank 0 (empty on
/// the other ranks). Collective.
fn merge_top(petsc: &Petsc, mut local: Vec<(Int, f64)>, k: usize) -> Vec<(Int, f64)> {
    let world = petsc.mpi_world();
    let root = world.process_at_rank(0);
    // The best `k` first, without sorting the rest.
    if k > 0 && local.len() > k {
        local.select_nth_unstable_by(k - 1, by_score);
        local.truncate(k);
    }
    local.sort_by(by_score);
    local.resize(k, (-1, f64::NEG_INFINITY));
    let idx: Vec<Int> = local.iter().map(|h| h.0).collect();
    let val: Vec<f64> = local.iter().map(|h| h.1).collect();
    if world.rank() != 0 {
        root.gather_into(&idx[..]);
        root.gather_into(&val[..]);
        return Vec::new();
    }
    let size = world.size() as usize;
    let mut all_idx: Vec<Int> = vec![0; k * size];
    let mut all_val = vec![0f64; k * size];
    root.gather_into_root(&idx[..], &mut all_idx[..]);
    root.gather_into_root(&val[..], &mut all_val[..]);
    let mut top: Vec<(Int, f64)> = all_idx
        .into_iter()
        .zip(all_val)
        .filter(|h| h.0 >= 0)
        .collect();
    top.sort_by(by_score);
    top.truncate(k);
    top
}

fn body(petsc: &Petsc) -> petsc::Result<()> {
    let mut flags = Flags::from_env(
        "gwas",
        "chi-square association scan of synthetic genotypes, variants spread over ranks",
    );
    let samples: usize = flags.value("samples", 5000, "number of samples (people)")?;
    let variants: usize = flags.value("variants", 20_000, "number of variants tested")?;
    let maf_min: f64 = flags.value("maf-min", 0.05, "smallest minor allele frequency")?;
    let seed: u64 = flags.value("seed", 1234, "random seed")?;
    let report: usize = flags.value("report", 5, "how many top variants to list")?;
    let plant: usize = flags.value("plant", 0, "number of truly associated variants to plant")?;
    let effect: f64 = flags.value(
        "effect",
        0.2,
        "extra minor allele frequency in cases at planted variants",
    )?;
    let plot: Option<PathBuf> = flags.optional("plot", "write a Manhattan plot (PNG)")?;
    let bfile: Option<PathBuf> = flags.optional(
        "bfile",
        "PLINK 1 binary files PREFIX.bed/.bim/.fam instead of synthetic data",
    )?;
    let pheno: Option<PathBuf> = flags.optional(
        "pheno",
        "with --bfile: phenotypes from this file (FID IID value; 1 control, 2 case)",
    )?;
    let out: Option<PathBuf> = flags.optional(
        "out",
        "with --bfile: write PLINK's --assoc table to this file (FILE.assoc)",
    )?;
    flags.finish()?;
    if let Some(path) = &plot {
        plot::check_png("plot", path)?;
    }
    if let Some(prefix) = bfile {
        let given: Vec<String> = std::env::args().collect();
        for f in ["samples", "variants", "maf-min", "seed", "plant", "effect"] {
            let flag = format!("--{f}");
            require(
                !given
                    .iter()
                    .any(|a| *a == flag || a.starts_with(&format!("{flag}="))),
                || format!("{flag} belongs to the synthetic study; it does not apply with --bfile"),
            )?;
        }
        require(report >= 1, || "--report must be at least 1".into())?;
        let run = gwas_bfile::BfileRun {
            prefix,
            pheno,
            out,
            report,
            plot,
        };
        return if gwas_bfile::run(petsc, &run)? {
            Ok(())
        } else {
            Err(check_failed("the scan disagrees with its recomputation"))
        };
    }
    for (flag, given) in [("--pheno", pheno.is_some()), ("--out", out.is_some())] {
        require(!given, || format!("{flag} needs --bfile"))?;
    }
    require(samples >= 2, || {
        format!("--samples must be at least 2, got {samples}")
    })?;
    require(variants >= 1 && variants <= Int::MAX as usize, || {
        format!(
            "--variants must be between 1 and {}, got {variants}",
            Int::MAX
        )
    })?;
    require(maf_min > 0.0 && maf_min <= 0.5, || {
        format!("--maf-min must be in (0, 0.5], got {maf_min}")
    })?;
    require(report >= 1, || "--report must be at least 1".into())?;
    require(plant <= variants, || {
        format!("--plant {plant} is more than the {variants} variants")
    })?;
    require(effect > 0.0 && effect < 1.0, || {
        format!("--effect must be in (0, 1), got {effect}")
    })?;

    let world = petsc.mpi_world();
    let (rank, size) = (world.rank(), world.size());
    let root = world.process_at_rank(0);

    // Phenotype: made once on rank 0 (one stream per sample index) and broadcast.
    let mut phenotype = vec![0u8; samples];
    let coin = Bernoulli::new(0.5).map_err(|e| check_failed(e.to_string()))?;
    if rank == 0 {
        for (i, p) in phenotype.iter_mut().enumerate() {
            *p = u8::from(coin.sample(&mut stream(seed, &[STREAM_PHENOTYPE, i as u64])));
        }
    }
    root.broadcast_into(&mut phenotype[..]);
    let n_cases = phenotype.iter().filter(|&&p| p == 1).count();
    let planted: Vec<usize> = (0..plant)
        .map(|k| (2 * k + 1) * variants / (2 * plant))
        .collect();
    // U(maf_min, 0.5), or the single value 0.5 when --maf-min is 0.5.
    let maf_law = if maf_min < 0.5 {
        Uniform::new(maf_min, 0.5)
    } else {
        Uniform::new_inclusive(0.5, 0.5)
    }
    .map_err(|e| usage_error(format!("--maf-min {maf_min}: {e}")))?;
    let study = Study {
        samples,
        variants,
        maf_law,
        seed,
        effect,
        planted,
        phenotype,
    };

    println0!(
        petsc,
        "gwas: {samples} samples ({n_cases} cases, {} controls), {variants} variants, \
         maf in [{maf_min}, 0.5), seed {seed}, {size} rank{}",
        samples - n_cases,
        if size == 1 { "" } else { "s" }
    )?;
    if plant > 0 {
        let list: Vec<String> = study.planted.iter().map(|j| j.to_string()).collect();
        println0!(
            petsc,
            "planted {plant} associated variant{} (minor allele frequency +{effect} in cases): {}",
            if plant == 1 { "" } else { "s" },
            list.join(" ")
        )?;
    }

    // This rank's contiguous block of variants, and the score vector with exactly that
    // local size.
    let mine = block_range(variants, size as usize, rank as usize);
    let mut scores = Vector::new_mpi(
        &petsc.world(),
        Some(mine.len() as Int),
        Some(variants as Int),
    )?;
    let owned = scores.ownership_range()?;
    if owned.start as usize != mine.start || owned.end as usize != mine.end {
        return Err(petsc::Error::invalid(
            "gwas",
            format!("vector owns {owned:?}, expected the block {mine:?}"),
        ));
    }
    let t0 = Instant::now();
    {
        // Progress of rank 0's block (the blocks are balanced), on standard error.
        let progress = Progress::new(petsc, "variants tested on rank 0", mine.len() as u64);
        let mut s = scores.view_mut()?;
        for (k, j) in mine.clone().enumerate() {
            s[k] = scalar(study.chi_square(j, n_cases));
            progress.inc(1);
        }
        progress.finish();
    }
    let elapsed = t0.elapsed().as_secs_f64();
    let mut slowest = 0.0f64;
    world.all_reduce_into(
        &elapsed,
        &mut slowest,
        petsc::mpi::collective::SystemOperation::max(),
    );
    println0!(
        petsc,
        "scan: {} to {} variants per rank, {slowest:.3} s, {:.0} variants/s",
        block_range(variants, size as usize, size as usize - 1).len(),
        block_range(variants, size as usize, 0).len(),
        variants as f64 / slowest.max(1e-9)
    )?;

    // The global maximum and its index, from the Vec.
    let best = scores.max()?;
    println0!(
        petsc,
        "max chi-square (Vec max): {:.6} at variant {}",
        best.value,
        best.index
    )?;

    // Top-K: each rank's best K, gathered and merged on rank 0.
    let k = report.max(plant).min(variants);
    let local: Vec<(Int, f64)> = {
        let s = scores.view()?;
        s.iter()
            .enumerate()
            .map(|(off, &v)| ((mine.start + off) as Int, real(v)))
            .collect()
    };
    let top = merge_top(petsc, local, k);
    let mut ok = true;
    if rank == 0 {
        let threshold = 0.05 / variants as f64;
        println0!(
            petsc,
            "top {} variants (* = significant after Bonferroni, p < {threshold:.2e}):",
            report.min(variants)
        )?;
        for (pos, &(j, chi2)) in top.iter().take(report).enumerate() {
            let p = chi2_1df_pvalue(chi2);
            println0!(
                petsc,
                "  {:>3}. variant {:>8}  chi2 {:>14.6}  p {:.3e}{}  maf {:.4}{}",
                pos + 1,
                j,
                chi2,
                p,
                if p < threshold { "*" } else { " " },
                study.maf(j as usize),
                if study.is_planted(j as usize) {
                    "  planted"
                } else {
                    ""
                }
            )?;
        }

        // Independent check: the top variant's statistic again, serially, from freshly
        // regenerated genotypes, by the cell-by-cell formula.
        let (j_top, chi2_top) = top[0];
        let again = chi_square_by_cells(&study, j_top as usize);
        let diff = (again - chi2_top).abs();
        println0!(
            petsc,
            "check: serial recomputation of variant {j_top} on rank 0: chi2 {again:.6}, \
             |difference| {diff:.2e}"
        )?;
        if diff > 1e-9 * again.abs().max(1.0) {
            ok = false;
        }
        if j_top != best.index || chi2_top != best.value {
            println0!(
                petsc,
                "check: Vec max ({}, {}) disagrees with the merged top list ({j_top}, {chi2_top})",
                best.index,
                best.value
            )?;
            ok = false;
        }
        if plant > 0 {
            let on_top: BTreeSet<usize> = top.iter().take(plant).map(|h| h.0 as usize).collect();
            let found = study.planted.iter().filter(|j| on_top.contains(j)).count();
            println0!(
                petsc,
                "planted variants on top: {} ({found} of {plant} in the top {plant})",
                if found == plant { "yes" } else { "no" }
            )?;
        }
    }

    if let Some(path) = plot {
        let all = scores.to_zero()?;
        plot::on_rank0(petsc, || {
            manhattan(&study, &real_parts(&all.view()?), &path)
        })?;
        println0!(petsc, "wrote {}", path.display())?;
    }

    if all_agree(petsc, ok) {
        Ok(())
    } else {
        Err(check_failed(
            "the scan disagrees with its serial recomputation",
        ))
    }
}

/// A Manhattan plot: -log10 p of every variant (one chromosome: the variants in order),
/// planted variants highlighted, the Bonferroni line.
fn manhattan(study: &Study, chi2: &[f64], path: &std::path::Path) -> petsc::Result<()> {
    let n = study.variants;
    let mut m = plot::Manhattan::new(&format!(
        "chi-square scan: {} samples, {n} variants{}",
        study.samples,
        if study.planted.is_empty() {
            String::new()
        } else {
            format!(", {} planted", study.planted.len())
        }
    ))
    .threshold(0.05 / n as f64, "Bonferroni p = 0.05 / variants")
    .highlight_label("planted variant");
    for (j, &x) in chi2.iter().enumerate() {
        m.push("1", chi2_1df_pvalue(x), study.is_planted(j));
    }
    m.save(path)
}
