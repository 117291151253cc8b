//! PLINK 1 binary genotype files: `.bed` (SNP-major, with its three-byte magic), `.bim`
//! (one variant per line) and `.fam` (one sample per line), and PLINK's phenotype
//! files (`FID IID value`).
//!
//! Every error names the file and, for text files, the line. The `.bed` reader reads
//! only the bytes of the variants asked for.
//!
//! ```
//! use petsc_examples::plink::{parse_bim, parse_fam, Phenotype};
//! let fam = parse_fam("x.fam", "f1 a 0 0 1 2\nf1 b 0 0 2 1\nf2 c 0 0 0 -9\n").unwrap();
//! assert_eq!(fam.len(), 3);
//! assert_eq!(fam[0].phenotype, Phenotype::Case);
//! assert_eq!(fam[2].phenotype, Phenotype::Missing);
//! let bim = parse_bim("x.bim", "1 rs1 0 100 A G\n").unwrap();
//! assert_eq!((bim[0].a1.as_str(), bim[0].a2.as_str(), bim[0].bp), ("A", "G", 100));
//! ```

use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// The first three bytes of a `.bed` file in SNP-major mode.
pub const BED_MAGIC: [u8; 3] = [0x6c, 0x1b, 0x01];

/// A case-control status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phenotype {
    /// `1` in PLINK's coding.
    Control,
    /// `2` in PLINK's coding.
    Case,
    /// `0` or `-9`: left out of the test.
    Missing,
}

impl Phenotype {
    /// PLINK's case-control coding: `1`, `2`, and `0` or `-9` for missing; `None` for
    /// anything else.
    pub fn parse(s: &str) -> Option<Phenotype> {
        match s {
            "1" => Some(Phenotype::Control),
            "2" => Some(Phenotype::Case),
            "0" | "-9" => Some(Phenotype::Missing),
            _ => None,
        }
    }
}

/// One line of a `.fam` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sample {
    /// Family id.
    pub fid: String,
    /// Individual id.
    pub iid: String,
    /// Whether both parents are `0` (PLINK counts allele frequencies over founders).
    pub founder: bool,
    /// Column 6.
    pub phenotype: Phenotype,
}

/// One line of a `.bim` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Chromosome code as PLINK prints it (1 to 22).
    pub chr: &'static str,
    /// Variant id.
    pub id: String,
    /// Base-pair position.
    pub bp: u32,
    /// Allele 1 (column 5): genotype code `00` is homozygous for it.
    pub a1: String,
    /// Allele 2 (column 6): genotype code `11` is homozygous for it.
    pub a2: String,
}

/// The most fields of a line kept (a `.fam` or `.bim` line has 6; a phenotype line's
/// first 3 are read).
const KEPT_FIELDS: usize = 6;

/// The whitespace-separated fields of a line: the first [`KEPT_FIELDS`] kept, all
/// counted (without a collection allocated for each line).
struct Fields<'a> {
    kept: [&'a str; KEPT_FIELDS],
    count: usize,
}

impl<'a> Fields<'a> {
    fn new(line: &'a str) -> Fields<'a> {
        let mut f = Fields {
            kept: [""; KEPT_FIELDS],
            count: 0,
        };
        for w in line.split_ascii_whitespace() {
            if let Some(slot) = f.kept.get_mut(f.count) {
                *slot = w;
            }
            f.count += 1;
        }
        f
    }

    /// How many fields the line has.
    fn len(&self) -> usize {
        self.count
    }
}

impl<'a> std::ops::Index<usize> for Fields<'a> {
    type Output = &'a str;

    /// Field `i` (of the first [`KEPT_FIELDS`]; callers check [`Fields::len`] first).
    fn index(&self, i: usize) -> &&'a str {
        &self.kept[i]
    }
}

/// Each non-blank line (one with a character other than ASCII whitespace), with its
/// 1-based line number.
fn numbered_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.bytes().any(|b| !b.is_ascii_whitespace()))
        .map(|(i, l)| (i + 1, l))
}

/// The whitespace-separated fields of each non-blank line, with 1-based line numbers.
fn lines(text: &str) -> impl Iterator<Item = (usize, Fields<'_>)> {
    numbered_lines(text).map(|(n, l)| (n, Fields::new(l)))
}

/// The samples of a `.fam` file's text (`file` names it in errors).
pub fn parse_fam(file: &str, text: &str) -> Result<Vec<Sample>, String> {
    let mut out = Vec::new();
    for (n, w) in lines(text) {
        if w.len() != 6 {
            return Err(format!(
                "{file} line {n}: {} fields, a .fam line has 6 (FID IID father mother sex phenotype)",
                w.len()
            ));
        }
        let phenotype = Phenotype::parse(w[5]).ok_or_else(|| {
            format!(
                "{file} line {n}: phenotype '{}' is not 1 (control), 2 (case), 0 or -9 (missing)",
                w[5]
            )
        })?;
        out.push(Sample {
            fid: w[0].to_string(),
            iid: w[1].to_string(),
            founder: w[2] == "0" && w[3] == "0",
            phenotype,
        });
    }
    if out.is_empty() {
        return Err(format!("{file}: no samples"));
    }
    Ok(out)
}

/// PLINK's names of the autosomes.
const AUTOSOMES: [&str; 22] = [
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17",
    "18", "19", "20", "21", "22",
];

/// PLINK's name of an autosome: `1`..`22`, with or without a `chr` prefix.
fn autosome(code: &str) -> Option<&'static str> {
    let c = code
        .strip_prefix("chr")
        .or_else(|| code.strip_prefix("CHR"))
        .unwrap_or(code);
    match c.parse::<usize>() {
        Ok(k) if (1..=22).contains(&k) && !c.starts_with('0') => Some(AUTOSOMES[k - 1]),
        _ => None,
    }
}

/// The variant lines of a `.bim` file's text (blank lines left out), each with its
/// 1-based line number, split but not parsed: a rank parses only its block of them
/// ([`parse_bim_lines`]).
pub fn bim_lines(text: &str) -> Vec<(usize, &str)> {
    numbered_lines(text).collect()
}

/// The variants of some lines of a `.bim` file ([`bim_lines`]; `file` names it in
/// errors, which give the line number).
pub fn parse_bim_lines(file: &str, lines: &[(usize, &str)]) -> Result<Vec<Variant>, String> {
    lines
        .iter()
        .map(|&(n, l)| parse_bim_line(file, n, &Fields::new(l)))
        .collect()
}

/// One variant line, `n` its line number.
fn parse_bim_line(file: &str, n: usize, w: &Fields<'_>) -> Result<Variant, String> {
    if w.len() != 6 {
        return Err(format!(
            "{file} line {n}: {} fields, a .bim line has 6 (chromosome id cM position allele1 allele2)",
            w.len()
        ));
    }
    let chr = autosome(w[0]).ok_or_else(|| {
        format!(
            "{file} line {n}: chromosome '{}' is not an autosome (1 to 22); \
             only autosomal variants are tested",
            w[0]
        )
    })?;
    if w[2].parse::<f64>().is_err() {
        return Err(format!(
            "{file} line {n}: genetic distance '{}' is not a number",
            w[2]
        ));
    }
    let bp: u32 = w[3].parse().map_err(|_| {
        format!(
            "{file} line {n}: position '{}' is not a non-negative integer",
            w[3]
        )
    })?;
    if w[4] == w[5] {
        return Err(format!("{file} line {n}: both alleles are '{}'", w[4]));
    }
    Ok(Variant {
        chr,
        id: w[1].to_string(),
        bp,
        a1: w[4].to_string(),
        a2: w[5].to_string(),
    })
}

/// The variants of a `.bim` file's text (`file` names it in errors).
pub fn parse_bim(file: &str, text: &str) -> Result<Vec<Variant>, String> {
    let out = parse_bim_lines(file, &bim_lines(text))?;
    if out.is_empty() {
        return Err(format!("{file}: no variants"));
    }
    Ok(out)
}

/// Phenotypes from a PLINK phenotype file (`FID IID value`, an optional header line
/// starting `FID IID`), in the order of `samples`; samples the file does not list are
/// missing.
pub fn parse_pheno(file: &str, text: &str, samples: &[Sample]) -> Result<Vec<Phenotype>, String> {
    let index: HashMap<(&str, &str), usize> = samples
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.fid.as_str(), s.iid.as_str()), i))
        .collect();
    let mut out = vec![Phenotype::Missing; samples.len()];
    for (k, (n, w)) in lines(text).enumerate() {
        if k == 0 && w.len() >= 2 && w[0] == "FID" && w[1] == "IID" {
            continue;
        }
        if w.len() < 3 {
            return Err(format!(
                "{file} line {n}: {} field{}, a phenotype line has FID IID value",
                w.len(),
                if w.len() == 1 { "" } else { "s" }
            ));
        }
        let p = Phenotype::parse(w[2]).ok_or_else(|| {
            format!(
                "{file} line {n}: phenotype '{}' is not 1 (control), 2 (case), 0 or -9 (missing)",
                w[2]
            )
        })?;
        if let Some(&i) = index.get(&(w[0], w[1])) {
            out[i] = p;
        }
    }
    Ok(out)
}

/// Reads a text file, naming it in the error.
pub fn read_text(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// An open `.bed` file whose magic and size were checked against the sample and
/// variant counts.
#[derive(Debug)]
pub struct Bed {
    path: PathBuf,
    file: File,
    /// Bytes per variant: one per four samples, rounded up.
    pub stride: usize,
    /// Number of samples.
    pub samples: usize,
    /// Number of variants.
    pub variants: usize,
}

impl Bed {
    /// Opens `path`, checks the SNP-major magic and that the size is
    /// `3 + variants * ceil(samples / 4)`.
    pub fn open(path: &Path, samples: usize, variants: usize) -> Result<Bed, String> {
        let name = path.display();
        let mut file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        let mut magic = [0u8; 3];
        let size = file
            .metadata()
            .map_err(|e| format!("cannot read {name}: {e}"))?
            .len();
        if size < 3 || file.read_exact(&mut magic).is_err() {
            return Err(format!(
                "{name}: {size} bytes, too short for a .bed file (3 bytes of magic first)"
            ));
        }
        if magic[..2] != BED_MAGIC[..2] {
            return Err(format!(
                "{name}: not a PLINK .bed file (starts {:02x} {:02x} {:02x}, expected 6c 1b 01)",
                magic[0], magic[1], magic[2]
            ));
        }
        if magic[2] != BED_MAGIC[2] {
            return Err(format!(
                "{name}: the .bed is in individual-major mode (third byte {:02x}); \
                 only SNP-major mode (01) is read (plink1.9 --make-bed converts it)",
                magic[2]
            ));
        }
        let stride = samples.div_ceil(4);
        let want = 3 + (stride as u64) * (variants as u64);
        if size != want {
            return Err(format!(
                "{name}: {size} bytes, expected {want} for {samples} samples (.fam) and \
                 {variants} variants (.bim)"
            ));
        }
        Ok(Bed {
            path: path.to_path_buf(),
            file,
            stride,
            samples,
            variants,
        })
    }

    /// The packed genotypes of the variants `range`, `stride` bytes each.
    pub fn read_block(&mut self, range: Range<usize>) -> Result<Vec<u8>, String> {
        let mut buf = Vec::new();
        self.read_block_into(range, &mut buf)?;
        Ok(buf)
    }

    /// [`read_block`](Self::read_block) into `buf` (resized to the block), so that a
    /// scan reuses one buffer instead of allocating and clearing one a block.
    pub fn read_block_into(
        &mut self,
        range: Range<usize>,
        buf: &mut Vec<u8>,
    ) -> Result<(), String> {
        assert!(range.end <= self.variants, "variant range out of bounds");
        buf.resize(range.len() * self.stride, 0);
        self.file
            .seek(SeekFrom::Start(3 + (range.start * self.stride) as u64))
            .and_then(|_| self.file.read_exact(buf))
            .map_err(|e| {
                format!(
                    "cannot read variants {}..{} of {}: {e}",
                    range.start,
                    range.end,
                    self.path.display()
                )
            })
    }
}

/// The genotype of sample `i` in one variant's packed bytes: the number of copies of
/// allele 1 (`.bim` column 5), or `None` when missing.
pub fn allele1_count(packed: &[u8], i: usize) -> Option<u8> {
    match (packed[i / 4] >> (2 * (i % 4))) & 3 {
        0 => Some(2),
        1 => None,
        2 => Some(1),
        _ => Some(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fam() -> Vec<Sample> {
        parse_fam("t.fam", "a a 0 0 1 2\nb b 0 0 1 1\nc c 0 0 2 0\n").unwrap()
    }

    #[test]
    fn fam_errors_name_the_line() {
        let e = parse_fam("t.fam", "a a 0 0 1 2\nb b 0 0 1\n").unwrap_err();
        assert!(e.contains("t.fam line 2") && e.contains("5 fields"), "{e}");
        let e = parse_fam("t.fam", "a a 0 0 1 2\n\nb b 0 0 1 1.5\n").unwrap_err();
        assert!(e.contains("t.fam line 3") && e.contains("'1.5'"), "{e}");
    }

    #[test]
    fn bim_errors_name_the_line() {
        let e = parse_bim("t.bim", "1 a 0 1 A G\nX b 0 2 A G\n").unwrap_err();
        assert!(e.contains("t.bim line 2") && e.contains("'X'"), "{e}");
        let e = parse_bim("t.bim", "1 a 0 -5 A G\n").unwrap_err();
        assert!(e.contains("line 1") && e.contains("'-5'"), "{e}");
        assert_eq!(parse_bim("t.bim", "chr7 a 0 1 A G\n").unwrap()[0].chr, "7");
    }

    #[test]
    fn bim_blocks() {
        let text = "1 a 0 1 A G\n \t\n1 b 0 2 A G\r\n1 c 0 x A G\n";
        let lines = bim_lines(text);
        assert_eq!(lines.iter().map(|l| l.0).collect::<Vec<_>>(), [1, 3, 4]);
        let v = parse_bim_lines("t.bim", &lines[..2]).unwrap();
        assert_eq!((v[1].id.as_str(), v[1].a2.as_str()), ("b", "G"));
        let e = parse_bim_lines("t.bim", &lines[1..]).unwrap_err();
        assert!(e.contains("t.bim line 4") && e.contains("'x'"), "{e}");
        assert!(parse_bim("t.bim", " \n")
            .unwrap_err()
            .contains("no variants"));
    }

    #[test]
    fn pheno_by_id() {
        let p = parse_pheno("p", "FID IID P\nc c 2\na a -9\nz z 1\n", &fam()).unwrap();
        assert_eq!(p, [Phenotype::Missing, Phenotype::Missing, Phenotype::Case]);
        let e = parse_pheno("p", "a a 3\n", &fam()).unwrap_err();
        assert!(e.contains("p line 1") && e.contains("'3'"), "{e}");
    }

    #[test]
    fn genotype_codes() {
        // Samples 0..4: hom A1 (00), missing (01), het (10), hom A2 (11).
        let byte = [0b11_10_01_00u8];
        let g: Vec<_> = (0..4).map(|i| allele1_count(&byte, i)).collect();
        assert_eq!(g, [Some(2), None, Some(1), Some(0)]);
    }
}
