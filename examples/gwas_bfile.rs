//! `gwas --bfile PREFIX`: PLINK's `--assoc` on PLINK 1 binary files, variants spread
//! over the ranks in contiguous blocks, each rank reading only its block of the `.bed`.
//! Each rank parses only its block's lines of the `.bim` (rank 0 reads the lines of the
//! variants it reports again). The chi-square of every variant goes into a distributed
//! `Vec` of exactly that
//! layout; its maximum and the merged top list are reported; the `.assoc` table (PLINK
//! 1.9's columns and number formatting) is gathered on rank 0 and written to `--out`.
//! Each rank reads its block in pieces of 16 MiB; rank 0 shows how far it is on standard
//! error (a bar on a terminal, a line per tenth otherwise).

use std::io::Write;
use std::path::{Path, PathBuf};

use petsc::mpi::collective::SystemOperation;
use petsc::mpi::traits::*;
use petsc::{Int, Petsc, Vector};
use petsc_examples::plink::{self, Bed, Phenotype, Sample, Variant};
use petsc_examples::plink_assoc::{self, Assoc};
use petsc_examples::progress::Progress;
use petsc_examples::{block_range, plot, println0, real, scalar, usage_error};

/// What `--bfile` runs.
pub struct BfileRun {
    /// `PREFIX` of `PREFIX.bed`, `PREFIX.bim`, `PREFIX.fam`.
    pub prefix: PathBuf,
    /// A phenotype file (`FID IID value`) instead of the `.fam` file's column 6.
    pub pheno: Option<PathBuf>,
    /// Where to write the `.assoc` table.
    pub out: Option<PathBuf>,
    /// How many top variants to list.
    pub report: usize,
    /// Where to draw the Manhattan plot (PNG).
    pub plot: Option<PathBuf>,
}

fn with_ext(prefix: &Path, ext: &str) -> PathBuf {
    let mut s = prefix.as_os_str().to_owned();
    s.push(ext);
    PathBuf::from(s)
}

/// The study: samples with their phenotypes, and the variants of this rank's block.
struct Study {
    samples: Vec<Sample>,
    phenotype: Vec<Phenotype>,
    founder: Vec<bool>,
    /// The `.bim` file.
    bim: PathBuf,
    /// How many variants the `.bim` lists.
    n_variants: usize,
    /// This rank's block of variants (filled by [`Study::parse_block`]).
    mine: std::ops::Range<usize>,
    /// The variants of `mine`.
    variants: Vec<Variant>,
}

impl Study {
    /// Parses this rank's block of `lines` (the `.bim`'s variant lines).
    fn parse_block(&mut self, lines: &[(usize, &str)]) -> Result<(), String> {
        let file = self.bim.display().to_string();
        self.variants = plink::parse_bim_lines(&file, &lines[self.mine.clone()])?;
        Ok(())
    }

    /// The variants `js` (indices into the `.bim`), read again from the file: the
    /// lines were checked by the ranks that own them.
    fn variants_at(&self, js: &[usize]) -> Result<Vec<Variant>, String> {
        let text = plink::read_text(&self.bim)?;
        let lines = plink::bim_lines(&text);
        let picked: Vec<(usize, &str)> = js.iter().filter_map(|&j| lines.get(j).copied()).collect();
        if picked.len() != js.len() {
            return Err(format!("{}: changed while it was read", self.bim.display()));
        }
        plink::parse_bim_lines(&self.bim.display().to_string(), &picked)
    }
}

/// Reads the `.fam`, `.bim` and phenotype files (every rank reads the same text and
/// reaches the same verdict), parsing the `.bim` lines of block `part` of `parts`.
/// Returns the study and the verdict on the block's lines, which each rank reaches
/// for its own block.
fn load(o: &BfileRun, part: usize, parts: usize) -> Result<(Study, Result<(), String>), String> {
    let fam = with_ext(&o.prefix, ".fam");
    let bim = with_ext(&o.prefix, ".bim");
    let samples = plink::parse_fam(&fam.display().to_string(), &plink::read_text(&fam)?)?;
    let bim_text = plink::read_text(&bim)?;
    let lines = plink::bim_lines(&bim_text);
    if lines.is_empty() {
        return Err(format!("{}: no variants", bim.display()));
    }
    let phenotype = match &o.pheno {
        Some(p) => plink::parse_pheno(&p.display().to_string(), &plink::read_text(p)?, &samples)?,
        None => samples.iter().map(|s| s.phenotype).collect(),
    };
    if !phenotype.contains(&Phenotype::Case) || !phenotype.contains(&Phenotype::Control) {
        return Err(format!(
            "{}: the test needs cases (2) and controls (1); there are {} cases and {} controls",
            o.pheno.as_ref().unwrap_or(&fam).display(),
            phenotype.iter().filter(|&&p| p == Phenotype::Case).count(),
            phenotype
                .iter()
                .filter(|&&p| p == Phenotype::Control)
                .count()
        ));
    }
    let founder = samples.iter().map(|s| s.founder).collect();
    let mut study = Study {
        samples,
        phenotype,
        founder,
        bim,
        n_variants: lines.len(),
        mine: block_range(lines.len(), parts, part),
        variants: Vec::new(),
    };
    let block = study.parse_block(&lines);
    Ok((study, block))
}

/// The width of the `.assoc` table's SNP column over every rank's block, in file order
/// (PLINK's rule depends on the order: each rank continues from the previous one's).
/// Collective.
fn snp_width(petsc: &Petsc, study: &Study) -> usize {
    let world = petsc.mpi_world();
    let (rank, size) = (world.rank(), world.size());
    let mut width: u64 = 0;
    if rank > 0 {
        world.process_at_rank(rank - 1).receive_into(&mut width);
    }
    let ids = study.variants.iter().map(|v| v.id.as_str());
    width = plink_assoc::snp_width_from(width as usize, ids) as u64;
    if rank + 1 < size {
        world.process_at_rank(rank + 1).send(&width);
    }
    world.process_at_rank(size - 1).broadcast_into(&mut width);
    width as usize
}

/// `Ok` on every rank, or the message of the lowest rank that failed on every rank
/// (rank 0 holds the text, prefixed with the rank when it is not 0; the run then ends
/// with exit status 2 and the message printed once). Collective.
fn agree<T>(petsc: &Petsc, local: Result<T, String>) -> petsc::Result<T> {
    agree_as(petsc, local, true)
}

/// [`agree`] for messages that say where they come from (a file's line): no rank prefix.
fn agree_unprefixed<T>(petsc: &Petsc, local: Result<T, String>) -> petsc::Result<T> {
    agree_as(petsc, local, false)
}

fn agree_as<T>(petsc: &Petsc, local: Result<T, String>, prefix: bool) -> petsc::Result<T> {
    let world = petsc.mpi_world();
    let (rank, size) = (world.rank(), world.size());
    let mine = if local.is_err() { rank } else { size };
    let mut first = size;
    world.all_reduce_into(&mine, &mut first, SystemOperation::min());
    if first == size {
        return local.map_err(usage_error);
    }
    let mut msg = match &local {
        Err(m) => m.clone(),
        Ok(_) => String::new(),
    };
    if first != 0 {
        if rank == first {
            world.process_at_rank(0).send(msg.as_bytes());
        } else if rank == 0 {
            let (bytes, _) = world.process_at_rank(first).receive_vec::<u8>();
            msg = String::from_utf8_lossy(&bytes).into_owned();
            if prefix {
                msg = format!("[rank {first}] {msg}");
            }
        }
    }
    Err(usage_error(msg))
}

/// The chi-square of the allele table built cell by cell from one variant's genotypes
/// (expected counts from the margins), for the self-check.
fn chi_square_by_cells(packed: &[u8], study: &Study, swapped: bool) -> f64 {
    let mut table = [[0.0f64; 2]; 2]; // [case, control] x [A1, A2]
    for (i, &p) in study.phenotype.iter().enumerate() {
        let Some(g) = plink::allele1_count(packed, i) else {
            continue;
        };
        let row = match p {
            Phenotype::Case => 0,
            Phenotype::Control => 1,
            Phenotype::Missing => continue,
        };
        let (first, second) = (f64::from(g), f64::from(2 - g));
        let (a1, a2) = if swapped {
            (second, first)
        } else {
            (first, second)
        };
        table[row][0] += a1;
        table[row][1] += a2;
    }
    super::chi_square_of_table(&table)
}

/// Bytes of the `.bed` file read at a time: large files are scanned in pieces, so
/// memory stays bounded and progress can be shown.
const READ_BYTES: usize = 16 << 20;

/// Reads and tests the variants `range` (this rank's block), a piece at a time, counting
/// them on `progress` (which shows rank 0's block).
fn scan(
    bed: &mut Bed,
    range: std::ops::Range<usize>,
    study: &Study,
    progress: &Progress,
) -> Result<Vec<Assoc>, String> {
    let stride = bed.stride.max(1);
    let piece = (READ_BYTES / stride).max(1);
    let mut tests = Vec::with_capacity(range.len());
    let groups = plink_assoc::Groups::new(&study.phenotype, &study.founder);
    let mut packed = Vec::new();
    for start in range.clone().step_by(piece) {
        let end = (start + piece).min(range.end);
        bed.read_block_into(start..end, &mut packed)?;
        tests.extend(
            packed
                .chunks(stride)
                .map(|g| Assoc::new(&plink_assoc::tally(g, &groups))),
        );
        progress.set((end - range.start) as u64);
    }
    Ok(tests)
}

/// Runs the scan; `Ok(false)` when a self-check fails.
pub fn run(petsc: &Petsc, o: &BfileRun) -> petsc::Result<bool> {
    let world = petsc.mpi_world();
    let (rank, size) = (world.rank(), world.size());
    let root = world.process_at_rank(0);
    let (study, block) = agree(petsc, load(o, rank as usize, size as usize))?;
    // An error in a line names the line: the lowest rank's is the first in the file,
    // the same message at any number of ranks.
    agree_unprefixed(petsc, block)?;
    let bed_path = with_ext(&o.prefix, ".bed");
    let n_variants = study.n_variants;
    let n_samples = study.samples.len();
    let mut bed = agree(petsc, Bed::open(&bed_path, n_samples, n_variants))?;
    let count = |p: Phenotype| study.phenotype.iter().filter(|&&q| q == p).count();
    println0!(
        petsc,
        "gwas: {}: {n_samples} samples ({} cases, {} controls, {} without phenotype), \
         {n_variants} variants, {size} rank{}",
        o.prefix.display(),
        count(Phenotype::Case),
        count(Phenotype::Control),
        count(Phenotype::Missing),
        if size == 1 { "" } else { "s" }
    )?;

    // This rank's block: its bytes of the .bed, its tests, its lines of the table.
    let mine = study.mine.clone();
    let progress = Progress::new(
        petsc,
        "variants read and tested on rank 0",
        mine.len() as u64,
    );
    let started = std::time::Instant::now();
    let tests = agree(petsc, scan(&mut bed, mine.clone(), &study, &progress))?;
    let mut slowest = 0.0f64;
    world.all_reduce_into(
        &started.elapsed().as_secs_f64(),
        &mut slowest,
        SystemOperation::max(),
    );
    println0!(
        petsc,
        "scan: {n_variants} variants read and tested in {slowest:.3} s (the slowest rank)"
    )?;
    let width = snp_width(petsc, &study);
    let mut scores = Vector::new_mpi(
        &petsc.world(),
        Some(mine.len() as Int),
        Some(n_variants as Int),
    )?;
    {
        let mut s = scores.view_mut()?;
        for (k, t) in tests.iter().enumerate() {
            s[k] = scalar(t.chisq.map_or(0.0, |c| c.0));
        }
    }
    let mut text = String::with_capacity(tests.len() * (96 + width));
    for (t, v) in tests.iter().zip(&study.variants) {
        plink_assoc::push_line(&mut text, v, width, t);
    }

    // The table, gathered on rank 0 in rank order.
    let written = if rank == 0 {
        let mut all = plink_assoc::header(width);
        all.push_str(&text);
        for r in 1..size {
            let (bytes, _) = world.process_at_rank(r).receive_vec::<u8>();
            all.push_str(&String::from_utf8_lossy(&bytes));
        }
        match &o.out {
            Some(path) => std::fs::File::create(path)
                .and_then(|mut f| f.write_all(all.as_bytes()))
                .map(|()| Some(path))
                .map_err(|e| format!("cannot write {}: {e}", path.display())),
            None => Ok(None),
        }
    } else {
        root.send(text.as_bytes());
        Ok(None)
    };
    let mut wrote = u8::from(written.is_ok());
    root.broadcast_into(&mut wrote);
    match written {
        Err(e) => return Err(usage_error(e)),
        Ok(_) if wrote == 0 => return Err(usage_error(String::new())),
        Ok(Some(path)) => println0!(
            petsc,
            "wrote {} ({n_variants} variants, PLINK --assoc columns)",
            path.display()
        )?,
        Ok(None) => {}
    }

    if let Some(path) = &o.plot {
        manhattan(petsc, &study, &tests, n_variants, path)?;
    }

    let best = scores.max()?;
    println0!(
        petsc,
        "max chi-square (Vec max): {:.6} at variant {}",
        best.value,
        best.index
    )?;
    let k = o.report.min(n_variants);
    let local: Vec<(Int, f64)> = {
        let s = scores.view()?;
        s.iter()
            .enumerate()
            .map(|(off, &v)| ((mine.start + off) as Int, real(v)))
            .collect()
    };
    let top = super::merge_top(petsc, local, k);
    let mut ok = true;
    if rank == 0 {
        let threshold = 0.05 / n_variants as f64;
        println0!(
            petsc,
            "top {k} variants (* = significant after Bonferroni, p < {threshold:.2e}):"
        )?;
        let js: Vec<usize> = top.iter().map(|&(j, _)| j as usize).collect();
        let named = study.variants_at(&js).unwrap_or_else(|e| {
            eprintln!("gwas: {e}");
            ok = false;
            Vec::new()
        });
        for (pos, (&(j, chi2), v)) in top.iter().zip(&named).enumerate() {
            let p = plink_assoc::plink_p_value(chi2);
            println0!(
                petsc,
                "  {:>3}. variant {:>8}  {} {}:{}  chi2 {:>14.6}  p {:.3e}{}",
                pos + 1,
                j,
                v.id,
                v.chr,
                v.bp,
                chi2,
                p,
                if p < threshold { "*" } else { " " }
            )?;
        }
        // Independent check: the top variant again, read from the .bed on rank 0 and
        // tested cell by cell.
        let (j_top, chi2_top) = top[0];
        let j = j_top as usize;
        // Rank 0 alone: a failure is a failed check, agreed on below, not an early return
        // the other ranks would wait for.
        match bed.read_block(j..j + 1) {
            Ok(bytes) => {
                let groups = plink_assoc::Groups::new(&study.phenotype, &study.founder);
                let t = plink_assoc::tally(&bytes, &groups);
                let again = chi_square_by_cells(&bytes, &study, Assoc::new(&t).swapped);
                let diff = (again - chi2_top).abs();
                println0!(
                    petsc,
                    "check: variant {j_top} re-read and tested cell by cell on rank 0: \
                     chi2 {again:.6}, |difference| {diff:.2e}"
                )?;
                ok &= diff <= 1e-9 * again.abs().max(1.0);
            }
            Err(e) => {
                eprintln!("gwas: check: {e}");
                ok = false;
            }
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
    }
    Ok(petsc_examples::all_agree(petsc, ok))
}

/// The Manhattan plot of the scan: every tested variant's p-value (untested ones, NA in
/// the table, are left out) gathered on rank 0 in the `.bim` order, coloured by
/// chromosome, the Bonferroni line at 0.05 over the tested variants. Collective.
fn manhattan(
    petsc: &Petsc,
    study: &Study,
    tests: &[Assoc],
    n_variants: usize,
    path: &Path,
) -> petsc::Result<()> {
    let mut p = Vector::new_mpi(
        &petsc.world(),
        Some(tests.len() as Int),
        Some(n_variants as Int),
    )?;
    {
        let mut v = p.view_mut()?;
        for (k, t) in tests.iter().enumerate() {
            v[k] = scalar(
                t.chisq
                    .map_or(f64::NAN, |c| petsc_examples::chi2_1df_pvalue(c.0)),
            );
        }
    }
    let all = p.to_zero()?;
    plot::on_rank0(petsc, || {
        let p: Vec<f64> = all.view()?.iter().map(|&x| real(x)).collect();
        let tested = p.iter().filter(|x| !x.is_nan()).count().max(1);
        let mut m = plot::Manhattan::new(&format!(
            "association scan: {} samples, {tested} variants tested",
            study.samples.len()
        ))
        .threshold(0.05 / tested as f64, "Bonferroni p = 0.05 / tested");
        let js: Vec<usize> = (0..n_variants).collect();
        let variants = study.variants_at(&js).map_err(usage_error)?;
        for (v, &pv) in variants.iter().zip(&p) {
            m.push(v.chr, pv, false);
        }
        m.save(path)
    })?;
    println0!(petsc, "wrote {}", path.display())?;
    Ok(())
}
